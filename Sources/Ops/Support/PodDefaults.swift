import Foundation
import PodModel

/// What the apiserver fills in when a pod is created or updated.
public enum PodDefaults {
    /// `pod` as the apiserver would store it over `current`: the stored `metadata.uid` when the
    /// document has none, and the stored `metadata.creationTimestamp` always.
    public static func keepingServerFields(_ pod: Pod, from current: Pod) -> Pod {
        var kept = pod
        if kept.uid == nil, let uid = current.json[["metadata", "uid"]] {
            kept.json.set(uid, at: ["metadata", "uid"])
        }
        if let created = current.json[["metadata", "creationTimestamp"]], created != .null {
            kept.json.set(created, at: ["metadata", "creationTimestamp"])
        }
        return kept
    }

    /// Sets `metadata.uid` and `metadata.creationTimestamp` when absent.
    public static func fillOnCreate(_ pod: inout Pod, now: Date) {
        if pod.uid == nil {
            pod.json.set(.string(UUID().uuidString.lowercased()), at: ["metadata", "uid"])
        }
        if pod.creationTimestamp == nil {
            pod.json.set(.string(RFC3339Text.format(now)), at: ["metadata", "creationTimestamp"])
        }
    }
}

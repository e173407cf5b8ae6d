import Etcd
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KubeStorage
import PodModel

/// `poddeck apply -f FILE|-`: create when absent; with `metadata.resourceVersion`, update only
/// at that revision; without it, write unconditionally. A document that matches the stored pod
/// is not written (`pod/NAME unchanged`); like the apiserver, an update keeps the stored
/// `metadata.uid` (when the document has none) and `metadata.creationTimestamp`.
public enum ApplyRunner {
    /// Applies the document in `text` (read from `source`).
    public static func run(store: PodStore, text: String, source: String, defaultNamespace: String,
                           readonly: Bool, console: Console, encoding: StorageEncoding? = nil,
                           now: Date = Date()) async throws(CommandFailure) {
        var pod = try DocumentInput.parsePod(text, source: source)
        if pod.namespace == nil {
            pod.json.set(.string(defaultNamespace), at: ["metadata", "namespace"])
        }
        if let failure = DocumentInput.validationFailure(pod, source: source) { throw failure }
        guard let name = pod.name, let namespace = pod.namespace else {
            throw CommandFailure(.invalid, "\(source): metadata.name is required")
        }
        if readonly { throw ReadOnly.refusal("apply") }
        let key = PodKey(namespace: namespace, name: name)
        do {
            if let base = pod.resourceVersion {
                // An object that would be written as it is stored is not written at all.
                var current: PodRecord?
                do { current = try await store.get(key) } catch {
                    if case .etcd = error { throw error }
                }
                if let current {
                    pod = PodDefaults.keepingServerFields(pod, from: current.pod)
                    if current.modRevision == base && pod.json.isEquivalent(to: current.pod.json) {
                        console.out("pod/\(name) unchanged")
                        return
                    }
                }
                switch try await store.update(key, pod: pod, baseRevision: base) {
                case .written(let revision):
                    console.out("pod/\(name) configured (revision \(revision))")
                case .conflict(let current?, _):
                    throw CommandFailure(.conflict, [
                        "conflict: pod \(key) is at revision \(current.modRevision), not \(base) (the resourceVersion in \(source)); nothing written",
                        "re-read it with `poddeck get pod \(key) -o yaml`, or remove metadata.resourceVersion to overwrite",
                    ])
                case .conflict(nil, _):
                    throw CommandFailure(.conflict, "conflict: pod \(key) no longer exists (\(source) has resourceVersion \(base)); nothing written; remove metadata.resourceVersion to create it")
                }
                return
            }
            var fresh = pod
            PodDefaults.fillOnCreate(&fresh, now: now)
            switch try await store.create(key, pod: fresh, encoding: encoding) {
            case .written(let revision):
                console.out("pod/\(name) created (revision \(revision))")
            case .conflict(let current, _):
                if let current {
                    pod = PodDefaults.keepingServerFields(pod, from: current.pod)
                    if pod.json.isEquivalent(to: current.pod.json) {
                        console.out("pod/\(name) unchanged")
                        return
                    }
                }
                let revision = try await store.put(key, pod: pod, encoding: encoding)
                console.out("pod/\(name) configured (revision \(revision))")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as StoreError {
            if case .notWritable = error { throw CommandFailure(.invalid, error.description + "; nothing written") }
            throw CommandFailure(.runtime, error.description)
        } catch {
            throw CommandFailure(.runtime, "\(error)")
        }
    }
}

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

/// RFC 3339 timestamps as Kubernetes writes them (UTC, seconds).
public enum RFC3339Text {
    /// `2026-11-23T14:00:00Z` (UTC, whole seconds; no formatter object is created).
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// The refusal every write path gives under `--readonly`.
public enum ReadOnly {
    /// The failure for `action`.
    public static func refusal(_ action: String) -> CommandFailure {
        CommandFailure(.runtime, "refusing to \(action): read-only mode (--readonly or readonly: true in the config); nothing written")
    }
}

import Foundation
import KubeStorage
import PodModel

/// How a pod's status is classed for colour: one theme key per class.
public enum StatusClass: String, Sendable, CaseIterable {
    /// Running and ready.
    case running
    /// Pending, creating, initialising.
    case pending
    /// Completed successfully.
    case succeeded
    /// Failed, crash-looping, image errors.
    case failed
    /// Being deleted.
    case terminating
    /// Unknown or unreadable.
    case unknown

    /// Classifies kubectl's status text plus the pod's phase.
    public static func classify(status: String, phase: String?, ready: Bool) -> StatusClass {
        if let byStatus = classifyASCII(status: status, ready: ready) { return byStatus ?? byPhase(phase, ready: ready) }
        let s = status.lowercased()
        if s == "terminating" { return .terminating }
        if s.contains("backoff") || s.contains("err") || s.hasPrefix("init:err") || s.contains("oomkilled")
            || s.hasPrefix("signal") || s.hasPrefix("exitcode") || s == "failed" || s == "evicted" || s.contains("invalid") {
            return .failed
        }
        if s == "completed" || s == "succeeded" { return .succeeded }
        if s == "running" { return ready ? .running : .pending }
        if s == "unknown" || s.hasPrefix("<") { return .unknown }
        return byPhase(phase, ready: ready)
    }

    private static func byPhase(_ phase: String?, ready: Bool) -> StatusClass {
        switch phase?.lowercased() {
        case "running": return ready ? .running : .pending
        case "succeeded": return .succeeded
        case "failed": return .failed
        case "pending": return .pending
        default: return .pending
        }
    }
}

extension StatusClass {
    /// ``classify(status:phase:ready:)``'s answer from an ASCII status, with bytes instead of
    /// Foundation's substring search (a row's hot path): `.some(nil)` when the phase decides.
    /// Nil for a status that is not ASCII (its lowercase form may hold ASCII words, e.g. the
    /// Kelvin sign's `k`), which the general path classifies.
    static func classifyASCII(status: String, ready: Bool) -> StatusClass?? {
        var status = status
        return status.withUTF8 { bytes -> StatusClass?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { lower -> StatusClass?? in
                for (i, b) in bytes.enumerated() { lower[i] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
                let s = UnsafeBufferPointer(lower)
                func equals(_ word: StaticString) -> Bool {
                    s.elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
                }
                func hasPrefix(_ word: StaticString) -> Bool {
                    s.starts(with: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
                }
                func contains(_ word: StaticString) -> Bool {
                    let n = word.utf8CodeUnitCount
                    guard s.count >= n else { return false }
                    let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
                    for start in 0...(s.count - n) where s[start] == w[0] {
                        if UnsafeBufferPointer(rebasing: s[start..<(start + n)]).elementsEqual(w) { return true }
                    }
                    return false
                }
                if equals("terminating") { return .terminating }
                if contains("backoff") || contains("err") || contains("oomkilled") || hasPrefix("signal") || hasPrefix("exitcode")
                    || equals("failed") || equals("evicted") || contains("invalid") {
                    return .failed
                }
                if equals("completed") || equals("succeeded") { return .succeeded }
                if equals("running") { return .some(ready ? .running : .pending) }
                if equals("unknown") || hasPrefix("<") { return .unknown }
                return .some(nil)
            }
        }
    }
}

/// A pod projected onto the columns PodDeck shows (shared by the dashboard and `get`).
public struct PodRow: Sendable, Equatable {
    /// Namespace and name.
    public var key: PodKey
    /// `ready/total` containers.
    public var ready: String
    /// kubectl's STATUS text.
    public var status: String
    /// Colour class of the status.
    public var statusClass: StatusClass
    /// Total restarts.
    public var restarts: Int
    /// The restart column text.
    public var restartsText: String { String(restarts) }
    /// Images of the regular containers, in order.
    public var images: [String]
    /// `imagePullPolicy` of the regular containers, in order (nil when not written).
    public var pullPolicies: [String?]
    /// Node name or `<none>`.
    public var node: String
    /// Pod IP or `<none>`.
    public var ip: String
    /// Creation time.
    public var created: Date?
    /// `k=v,k=v` (raw: sanitise before showing).
    public var labels: String { labelList.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
    /// Labels as pairs, in document order.
    public var labelPairs: [(key: String, value: String)] { labelList.map { ($0.key, $0.value) } }
    /// Labels, stored as an array of pairs so the row stays `Equatable`.
    public var labelList: [LabelPair]
    /// QoS class or `<none>`.
    public var qos: String
    /// Container names.
    public var containerNames: [String]
    /// Phase, for counting.
    public var phase: String
    /// The pod's resourceVersion.
    public var revision: Int64
    /// How the pod is stored in etcd.
    public var encoding: StorageEncoding = .json

    /// Projects a record.
    public init(_ record: PodRecord) {
        self.init(key: record.key, summary: PodSummary(pod: record.pod), revision: record.modRevision,
                  encoding: record.encoding)
    }

    /// Projects a pod's summary (read from a decoded pod or straight from its stored value).
    public init(key: PodKey, summary: PodSummary, revision: Int64, encoding: StorageEncoding) {
        self.key = key
        let columns = summary.kubectlColumns
        ready = columns.readyText
        status = columns.status
        let allReady = columns.ready == columns.total && columns.total != 0
        phase = summary.phase ?? "Unknown"
        statusClass = StatusClass.classify(status: status, phase: summary.phase, ready: allReady)
        restarts = columns.restarts
        let containers = summary.containers
        images = containers.map { $0.image ?? "<none>" }
        pullPolicies = containers.map(\.imagePullPolicy)
        containerNames = containers.map(\.name)
        node = summary.nodeName ?? "<none>"
        ip = summary.podIP ?? "<none>"
        created = summary.creationTimestamp
        labelList = summary.labels
        qos = summary.qosClass ?? "<none>"
        self.revision = revision
        self.encoding = encoding
    }

    /// The IMAGE column: the first image, `+N` when there are more.
    public var imageText: String {
        guard let first = images.first else { return "<none>" }
        return images.count > 1 ? "\(first) +\(images.count - 1)" : first
    }

    /// The AGE column at `now`.
    public func age(now: Date) -> String {
        guard let created else { return "<unknown>" }
        return Pod.humanAge(now.timeIntervalSince(created))
    }
}

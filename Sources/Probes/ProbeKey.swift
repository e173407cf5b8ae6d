/// Identifies one probe: a pod, one of its containers, and the probe kind.
public struct ProbeKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The pod's key, e.g. `default/web-0`.
    public var pod: String
    /// The container name.
    public var container: String
    /// Which probe of the container.
    public var kind: ProbeKind

    /// Creates a key.
    public init(pod: String, container: String, kind: ProbeKind) {
        self.pod = pod
        self.container = container
        self.kind = kind
    }

    /// Orders keys by pod, container, then kind.
    public static func < (lhs: ProbeKey, rhs: ProbeKey) -> Bool {
        (lhs.pod, lhs.container, lhs.kind) < (rhs.pod, rhs.container, rhs.kind)
    }

    /// `pod/container kind`, e.g. `default/web-0/app liveness`.
    public var description: String { "\(pod)/\(container) \(kind.rawValue)" }

    /// A hash that is the same in every process (FNV-1a over the key's fields), used to spread
    /// start times.
    public var stableHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in [pod, container, kind.rawValue] {
            for byte in field.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

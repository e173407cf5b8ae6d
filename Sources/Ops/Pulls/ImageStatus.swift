/// Whether an image is in the Docker daemon, as the IMAGE column shows it.
public enum ImageStatus: Sendable, Hashable, CustomStringConvertible {
    /// The daemon has the image.
    case present
    /// The daemon does not have it.
    case absent
    /// A pull of it is queued or running, with its aggregate progress from 0 to 1.
    case pulling(Double)
    /// The last pull of it failed or stalled, with the message (as received: sanitise before display).
    case failed(String)
    /// Not known: the daemon could not say (an unexpected error), or nothing was asked yet.
    case unknown
    /// There is no usable Docker daemon; the reason says why.
    case dockerUnavailable(String)

    /// Short text for a table cell: `present`, `absent`, `pulling 45%`, `failed`, `unknown`,
    /// `docker unavailable`.
    public var label: String {
        switch self {
        case .present: return "present"
        case .absent: return "absent"
        case .pulling(let fraction): return "pulling \(Int((min(1, max(0, fraction)) * 100).rounded(.down)))%"
        case .failed: return "failed"
        case .unknown: return "unknown"
        case .dockerUnavailable: return "docker unavailable"
        }
    }

    /// The label plus the message or reason, e.g. `docker unavailable: cannot connect to …`.
    public var description: String {
        switch self {
        case .failed(let message): return "failed: \(message)"
        case .dockerUnavailable(let reason): return "docker unavailable: \(reason)"
        default: return label
        }
    }
}

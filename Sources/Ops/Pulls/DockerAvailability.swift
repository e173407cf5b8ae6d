/// Whether a Docker daemon answers.
public enum DockerAvailability: Sendable, Hashable, CustomStringConvertible {
    /// The daemon answered `/_ping`, advertising this API version (when it said).
    case available(apiVersion: String?)
    /// No usable daemon; the reason says what failed and what to do.
    case unavailable(reason: String)

    /// Whether the daemon answered.
    public var isAvailable: Bool {
        if case .available = self { return true }
        return false
    }

    /// `docker available (API 1.41)` or `docker unavailable: <reason>`.
    public var description: String {
        switch self {
        case .available(let version): return "docker available" + (version.map { " (API \($0))" } ?? "")
        case .unavailable(let reason): return "docker unavailable: \(reason)"
        }
    }
}

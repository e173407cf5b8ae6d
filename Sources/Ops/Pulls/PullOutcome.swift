import Docker

/// How a pull ended.
public enum PullOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The daemon reported the image as pulled (or already up to date).
    case succeeded
    /// The daemon or the registry refused or broke off the pull; the message is theirs.
    case failed(String)
    /// Cancelled on request; the connection was closed, so the daemon aborted the pull.
    case cancelled
    /// No byte moved for the stall timeout; the pull was cancelled.
    case stalled(after: Duration)

    /// Whether the image arrived.
    public var isSuccess: Bool { self == .succeeded }

    /// One line saying what happened and, for failures, what to do.
    public var description: String {
        switch self {
        case .succeeded:
            return "pulled"
        case .failed(let message):
            return "failed: \(message)"
        case .cancelled:
            return "cancelled"
        case .stalled(let after):
            return "stalled: no progress for \(DurationText.format(after)), pull cancelled "
                + "(is the registry reachable? retry, or raise --pull-stall-timeout)"
        }
    }

    /// The failure text for an error that ended a pull: the daemon's or registry's own message
    /// where there is one, else a full description of the error.
    public static func failureMessage(for error: any Error) -> String {
        guard let docker = error as? DockerError else { return "\(error)" }
        switch docker {
        case .api(_, let message, _): return message
        case .pullFailed(let message): return message
        default: return docker.description
        }
    }
}

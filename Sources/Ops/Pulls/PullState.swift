/// Where a pull stands.
public enum PullState: Sendable, Hashable, CustomStringConvertible {
    /// Waiting for a free slot (at most `maxParallel` pulls run at once).
    case queued
    /// Streaming from the daemon.
    case pulling
    /// No byte moved for the stall timeout; the pull is being cancelled.
    case stalled
    /// Over.
    case finished(PullOutcome)

    /// Whether the pull is over.
    public var isFinished: Bool {
        if case .finished = self { return true }
        return false
    }

    /// `queued`, `pulling`, `stalled`, or the outcome.
    public var description: String {
        switch self {
        case .queued: return "queued"
        case .pulling: return "pulling"
        case .stalled: return "stalled"
        case .finished(let outcome): return outcome.description
        }
    }
}

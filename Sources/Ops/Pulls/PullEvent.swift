/// What a ``PullManager`` reports on its ``PullManager/events`` stream.
public enum PullEvent: Sendable, Hashable {
    /// A pull was enqueued (a deduplicated enqueue reports nothing).
    case queued(PullID, PullSnapshot)
    /// A pull left the queue, made progress or stalled: at most one per
    /// ``PullManager/Configuration/progressInterval`` per pull (a report held back is sent when the
    /// interval is over, or superseded by ``finished(_:_:_:)``).
    case progress(PullID, PullSnapshot)
    /// A pull ended; the snapshot is its final state.
    case finished(PullID, PullOutcome, PullSnapshot)

    /// The pull the event is about.
    public var id: PullID {
        switch self {
        case .queued(let id, _), .progress(let id, _), .finished(let id, _, _): return id
        }
    }

    /// The snapshot the event carries.
    public var snapshot: PullSnapshot {
        switch self {
        case .queued(_, let snapshot), .progress(_, let snapshot), .finished(_, _, let snapshot): return snapshot
        }
    }
}

import NIOCore

/// A prober that can run handlers as callbacks on one event loop, with no task per run.
///
/// The scheduler uses it (with the real clock) to keep each probe's whole life on one loop of its
/// own: the tick timer, the run and the result all happen there.
protocol EventLoopProber: Prober {
    /// What can be computed once per handler (URL, request head, socket address), or nil when the
    /// handler needs the async ``Prober/probe(_:timeout:)`` path (e.g. exec).
    func prepare(_ handler: ProbeHandler) -> (any PreparedProbe)?
}

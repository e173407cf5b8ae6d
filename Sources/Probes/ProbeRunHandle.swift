/// One run in flight.
protocol ProbeRunHandle: Sendable {
    /// Ends the run early; safe from any thread, a no-op once the run finished.
    func cancel()
}

extension ProbeResult {
    /// The result of a run that was cancelled.
    static let cancelled = ProbeResult(outcome: .unknown, message: "probe cancelled")
}

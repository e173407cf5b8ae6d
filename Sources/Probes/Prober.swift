/// Runs one kind of probe handler once.
///
/// A prober never throws and never crashes on a handler it does not serve: it answers with an
/// `.unknown` result instead. It must return within `timeout` (plus scheduling slack).
public protocol Prober: Sendable {
    /// Runs `handler` once, bounded by `timeout`; the result's `at` is left for the caller to stamp.
    func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult
}

extension ProbeResult {
    /// The result for a handler a prober does not serve.
    static func unsupported(_ handler: ProbeHandler) -> ProbeResult {
        ProbeResult(outcome: .unknown, message: "unsupported probe handler: \(handler.name)")
    }
}

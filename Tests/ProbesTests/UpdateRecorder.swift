import Probes
import TestSupport

/// A scheduler's updates, handed out in arrival order.
typealias UpdateRecorder = StreamCollector<ProbeUpdate>

extension StreamCollector where Element == ProbeUpdate {
    /// The next result of `key`.
    func result(_ key: ProbeKey) async throws -> ProbeUpdate {
        try await next { $0.key == key && $0.event == .result }
    }
}

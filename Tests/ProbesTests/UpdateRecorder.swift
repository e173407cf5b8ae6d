import Probes
import TestSupport

/// Collects a scheduler's updates and hands them out in arrival order, waiting (with a generous
/// wall-clock deadline, so a broken scheduler fails instead of hanging) when none matches yet.
actor UpdateRecorder {
    private var pending: [ProbeUpdate] = []
    private(set) var all: [ProbeUpdate] = []
    private typealias Waiter = (predicate: @Sendable (ProbeUpdate) -> Bool,
                                continuation: CheckedContinuation<ProbeUpdate, any Error>)
    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0

    init(_ stream: AsyncStream<ProbeUpdate>) {
        Task { await self.read(stream) }
    }

    private func read(_ stream: AsyncStream<ProbeUpdate>) async {
        for await update in stream { push(update) }
    }

    private func push(_ update: ProbeUpdate) {
        all.append(update)
        for (id, waiter) in waiters.sorted(by: { $0.key < $1.key }) where waiter.predicate(update) {
            waiters[id] = nil
            waiter.continuation.resume(returning: update)
            return
        }
        pending.append(update)
    }

    /// The next update (oldest first) matching `predicate`; throws after `deadline` of wall time.
    func next(deadline: Duration = .seconds(30),
              where predicate: @escaping @Sendable (ProbeUpdate) -> Bool) async throws -> ProbeUpdate {
        if let index = pending.firstIndex(where: predicate) {
            return pending.remove(at: index)
        }
        nextID += 1
        let id = nextID
        let timer = Task {
            try? await Task.sleep(for: deadline)
            self.expire(id)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiters[id] = (predicate, continuation)
        }
    }

    /// The next result of `key`.
    func result(_ key: ProbeKey) async throws -> ProbeUpdate {
        try await next { $0.key == key && $0.event == .result }
    }

    /// Updates of `key` received so far that are results and were not taken yet.
    func pendingResults(_ key: ProbeKey) -> [ProbeUpdate] {
        pending.filter { $0.key == key && $0.event == .result }
    }

    private func expire(_ id: UInt64) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(throwing: TestSupportError("no matching probe update within the deadline"))
    }
}

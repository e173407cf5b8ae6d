/// Collects what an async sequence (an `AsyncStream`, say) yields and hands it out oldest first, waiting (with a
/// wall-clock deadline, so a broken producer fails the test instead of hanging it) when nothing
/// that matches has arrived yet.
public actor StreamCollector<Element: Sendable> {
    private var pending: [Element] = []
    private typealias Waiter = (predicate: @Sendable (Element) -> Bool,
                                continuation: CheckedContinuation<Element, any Error>)
    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0
    private let what: String

    /// Starts reading `stream`; `what` names an element in the timeout message.
    public init<Stream: AsyncSequence & Sendable>(_ stream: Stream, what: String = "element")
    where Stream.Element == Element, Stream.Failure == Never {
        self.what = what
        Task { await self.read(stream) }
    }

    private func read<Stream: AsyncSequence>(_ stream: Stream) async
    where Stream.Element == Element, Stream.Failure == Never {
        for await element in stream { push(element) }
    }

    private func push(_ element: Element) {
        for (id, waiter) in waiters.sorted(by: { $0.key < $1.key }) where waiter.predicate(element) {
            waiters[id] = nil
            waiter.continuation.resume(returning: element)
            return
        }
        pending.append(element)
    }

    /// The oldest element not taken yet that matches `predicate`; throws after `deadline`.
    public func next(deadline: Duration = .seconds(30),
                     where predicate: @escaping @Sendable (Element) -> Bool) async throws -> Element {
        if let index = pending.firstIndex(where: predicate) { return pending.remove(at: index) }
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

    /// Elements received and not taken yet.
    public var untaken: [Element] { pending }

    private func expire(_ id: UInt64) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(throwing: TestSupportError("no matching \(what) within the deadline"))
    }
}

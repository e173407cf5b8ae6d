/// Every update of a ``ProbeScheduler`` in the order it happened, one at a time.
///
/// Updates travel in batches (everything one flush of the scheduler's outbox holds), so a reader
/// is woken once per batch rather than once per update; iterating hands them out singly, and
/// ``batches`` hands them out as they travel.
public struct ProbeUpdates: AsyncSequence, Sendable {
    public typealias Element = ProbeUpdate
    public typealias Failure = Never

    /// The updates as they arrive, a batch (never empty) at a time.
    public let batches: AsyncStream<[ProbeUpdate]>

    init(batches: AsyncStream<[ProbeUpdate]>) {
        self.batches = batches
    }

    /// Hands out the updates of each batch in turn.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var source: AsyncStream<[ProbeUpdate]>.AsyncIterator
        private var batch: [ProbeUpdate] = []
        private var index = 0

        init(source: AsyncStream<[ProbeUpdate]>.AsyncIterator) {
            self.source = source
        }

        /// The next update; nil once the scheduler has shut down and every update was taken.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> ProbeUpdate? {
            while index == batch.count {
                guard let next = await source.next(isolation: actor) else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }

        /// The next update; nil once the scheduler has shut down and every update was taken.
        public mutating func next() async -> ProbeUpdate? {
            await next(isolation: nil)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: batches.makeAsyncIterator())
    }
}

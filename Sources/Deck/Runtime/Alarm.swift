/// Wakes a waiting loop early ("refresh now"), or lets it sleep its full period.
final class Alarm: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Wakes the waiter (or the next one, if none waits now).
    func ring() { continuation.yield() }

    /// Sleeps for `duration` or until rung, whichever is first.
    func wait(upTo duration: Duration) async {
        let stream = self.stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            await group.next()
            group.cancelAll()
        }
    }
}

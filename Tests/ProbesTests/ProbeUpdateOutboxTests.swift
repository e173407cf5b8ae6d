import NIOCore
import NIOPosix
@testable import Probes
import Testing

/// Updates reach the scheduler's stream in order and in batches, and none is lost when the stream ends.
@Suite struct ProbeUpdateOutboxTests {
    private static func update(_ index: Int) -> ProbeUpdate {
        let key = ProbeKey(pod: "ns/pod-\(index)", container: "c", kind: .liveness)
        return ProbeUpdate(key: key, event: .started, tracker: ProbeTracker(kind: .liveness))
    }

    /// The pods of the batches until `count` updates came, batch by batch.
    private static func collect(_ stream: AsyncStream<[ProbeUpdate]>, count: Int) async -> [[String]] {
        var batches: [[String]] = []
        for await batch in stream {
            batches.append(batch.map(\.key.pod))
            if batches.joined().count >= count { break }
        }
        return batches
    }

    @Test func updatesSentInOneLoopTurnArriveInOrderAsOneBatch() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream.makeStream(of: [ProbeUpdate].self)
        let outbox = ProbeUpdateOutbox(continuation: continuation, loop: group.next())
        try await group.next().submit {
            for index in 0..<100 { outbox.send(Self.update(index)) }
        }.get()
        let batches = await Self.collect(stream, count: 100)
        #expect(batches == [(0..<100).map { "ns/pod-\($0)" }])
        #expect(outbox.batches == 1)
        outbox.finish()
        try await group.shutdownGracefully()
    }

    @Test func finishingYieldsWhatIsQueuedThenEndsTheStream() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (stream, continuation) = AsyncStream.makeStream(of: [ProbeUpdate].self)
        let outbox = ProbeUpdateOutbox(continuation: continuation, loop: group.next())
        for index in 0..<10 { outbox.send(Self.update(index)) }
        outbox.finish()
        outbox.send(Self.update(10))
        var pods: [String] = []
        for await update in ProbeUpdates(batches: stream) { pods.append(update.key.pod) }
        #expect(pods == (0..<10).map { "ns/pod-\($0)" })
        try await group.shutdownGracefully()
    }

    @Test func withoutALoopEveryUpdateIsYieldedAtOnce() async {
        let (stream, continuation) = AsyncStream.makeStream(of: [ProbeUpdate].self)
        let outbox = ProbeUpdateOutbox(continuation: continuation, loop: nil)
        for index in 0..<3 { outbox.send(Self.update(index)) }
        #expect(await Self.collect(stream, count: 3) == [["ns/pod-0"], ["ns/pod-1"], ["ns/pod-2"]])
        #expect(outbox.batches == 0)
    }
}

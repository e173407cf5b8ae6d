import NIOCore
import NIOEmbedded
@testable import Probes
import Synchronization
import Testing

/// The tick queue's timer slack, on an embedded loop and a manual clock stepped together, so
/// every count is exact.
@Suite struct ProbeTickQueueTests {
    /// When each driver's run started, by driver.
    private final class Starts: Sendable {
        let byDriver = Mutex<[Int: ProbeInstant]>([:])
    }

    /// A probe that finishes at once, noting when its run started.
    private final class StartRecorder: PreparedProbe {
        private let clock: ManualClock
        private let index: Int
        private let starts: Starts

        init(clock: ManualClock, index: Int, starts: Starts) {
            self.clock = clock
            self.index = index
            self.starts = starts
        }

        struct Done: ProbeRunHandle {
            func cancel() {}
        }

        func start(on loop: any EventLoop, timeout: Duration,
                   _ done: @escaping @Sendable (ProbeResult) -> Void) -> any ProbeRunHandle {
            starts.byDriver.withLock { $0[index] = clock.now }
            done(ProbeResult(outcome: .success, message: "ok"))
            return Done()
        }
    }

    /// Starts one driver per anchor (period one hour, so each runs once), then steps the clock and
    /// the loop 1 ms at a time for `milliseconds`; returns each driver's start and the queue's
    /// wake-ups.
    private static func run(anchors: [Duration], slack: Duration, milliseconds: Int)
        throws -> (starts: [Int: ProbeInstant], wakeUps: Int) {
        let loop = EmbeddedEventLoop()
        defer { try? loop.syncShutdownGracefully() }
        let clock = ManualClock()
        let queue = ProbeTickQueue(loop: loop, clock: clock, slack: slack)
        let (_, continuation) = AsyncStream.makeStream(of: [ProbeUpdate].self)
        let outbox = ProbeUpdateOutbox(continuation: continuation, loop: nil)
        let slots = ProbeSlots(limit: anchors.count)
        let starts = Starts()
        let definition = try ProbeDefinition(handler: .tcp(host: "127.0.0.1", port: 1))
        var drivers: [ProbeLoopDriver] = []
        for (index, anchor) in anchors.enumerated() {
            let key = ProbeKey(pod: "ns/p\(index)", container: "c", kind: .liveness)
            let cell = ProbeCell(key: key, definition: definition, outbox: outbox, clock: clock)
            cell.activate(1)
            let driver = ProbeLoopDriver(
                ticks: queue, probe: StartRecorder(clock: clock, index: index, starts: starts), period: .seconds(3600),
                timeout: .seconds(1), anchor: ProbeInstant(offset: anchor), runID: 1, clock: clock, slots: slots, cell: cell)
            driver.start()
            drivers.append(driver)
        }
        loop.run()
        for _ in 0..<milliseconds {
            clock.advance(by: .milliseconds(1))
            loop.advanceTime(by: .milliseconds(1))
        }
        let wakeUps = queue.wakeUps
        for driver in drivers { driver.stop() }
        loop.run()
        return (starts.byDriver.withLock { $0 }, wakeUps)
    }

    @Test func ticksInOneStepOfTheGridRunTogetherAtItsEndNeverEarly() throws {
        // Nine ticks in (0, 10 ms], nine in (10, 20 ms]: two steps of a 10 ms grid.
        let anchors = (1...9).map { Duration.milliseconds($0) } + (11...19).map { Duration.milliseconds($0) }
        let (starts, wakeUps) = try Self.run(anchors: anchors, slack: .milliseconds(10), milliseconds: 30)
        #expect(starts.count == anchors.count)
        for (index, anchor) in anchors.enumerated() {
            let expected = anchor < .milliseconds(10) ? Duration.milliseconds(10) : .milliseconds(20)
            #expect(starts[index]?.offset == expected, "tick at \(anchor)")
        }
        #expect(wakeUps == 2)
    }

    @Test func withoutSlackEveryTickWakesTheLoopOnTime() throws {
        let anchors = (1...9).map { Duration.milliseconds($0) }
        let (starts, wakeUps) = try Self.run(anchors: anchors, slack: .zero, milliseconds: 12)
        for (index, anchor) in anchors.enumerated() {
            #expect(starts[index]?.offset == anchor)
        }
        #expect(wakeUps == anchors.count)
    }

    @Test func gridStepsRoundUpToTheSlack() {
        #expect(ProbeTickQueue.gridStep(holding: 0, slack: 10) == 0)
        #expect(ProbeTickQueue.gridStep(holding: 1, slack: 10) == 10)
        #expect(ProbeTickQueue.gridStep(holding: 10, slack: 10) == 10)
        #expect(ProbeTickQueue.gridStep(holding: 11, slack: 10) == 20)
        #expect(ProbeTickQueue.gridStep(holding: -7, slack: 10) == 0)
        #expect(ProbeTickQueue.gridStep(holding: -17, slack: 10) == -10)
        #expect(ProbeTickQueue.gridStep(holding: 17, slack: 0) == 17)
        // Past the last step there is none to round to: the tick itself.
        #expect(ProbeTickQueue.gridStep(holding: .max - 3, slack: 10) == .max - 3)
    }
}

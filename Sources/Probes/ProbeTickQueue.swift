import HeapModule
import NIOCore

/// The next ticks of every ``ProbeLoopDriver`` on one event loop: a heap ordered by tick, with one
/// NIO timer set for the earliest.
///
/// Thousands of probes would otherwise keep thousands of timers in the loop's own queue, where
/// cancelling any timer (a run's deadline, a connect's timeout) scans the whole queue. A stopped
/// driver's entry is not removed: it stays until its tick, when the driver sees it was stopped.
///
/// Confined to `loop`, hence `@unchecked Sendable`.
final class ProbeTickQueue: NIOScheduledCallbackHandler, @unchecked Sendable {
    private struct Entry: Comparable {
        /// The tick, in nanoseconds on the clock's scale.
        var due: Int64
        /// Order of scheduling, so entries due together run in that order.
        var sequence: UInt64
        var driver: ProbeLoopDriver

        static func < (a: Entry, b: Entry) -> Bool {
            a.due != b.due ? a.due < b.due : a.sequence < b.sequence
        }

        static func == (a: Entry, b: Entry) -> Bool {
            a.due == b.due && a.sequence == b.sequence
        }
    }

    /// The loop every driver of this queue lives on.
    let loop: any EventLoop
    private let clock: any ProbeClock
    private var heap = Heap<Entry>()
    private var sequence: UInt64 = 0
    private var timer: NIOScheduledCallback?
    private var timerDue = Int64.max

    init(loop: any EventLoop, clock: any ProbeClock) {
        self.loop = loop
        self.clock = clock
    }

    /// Calls `driver.tickDue()` on the loop once `tick` has come. Must run on the loop.
    func schedule(_ driver: ProbeLoopDriver, at tick: ProbeInstant) {
        let due = tick.offset.probeNanoseconds
        sequence &+= 1
        heap.insert(Entry(due: due, sequence: sequence, driver: driver))
        if due < timerDue { arm(due) }
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        timerDue = .max
        let now = clock.now.offset.probeNanoseconds
        while let first = heap.min, first.due <= now {
            heap.removeMin()
            first.driver.tickDue()
        }
        if let first = heap.min, first.due < timerDue { arm(first.due) }
    }

    func didCancelScheduledCallback(eventLoop: some EventLoop) {}

    private func arm(_ due: Int64) {
        timer?.cancel()
        timerDue = due
        let delay = max(0, due - clock.now.offset.probeNanoseconds)
        timer = try? loop.scheduleCallback(in: .nanoseconds(delay), handler: self)
    }
}

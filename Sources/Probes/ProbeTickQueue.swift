import HeapModule
import NIOCore

/// The next ticks of every ``ProbeLoopDriver`` on one event loop: a heap ordered by tick, with one
/// NIO timer set for the earliest.
///
/// Thousands of probes would otherwise keep thousands of timers in the loop's own queue, where
/// cancelling any timer (a run's deadline, a connect's timeout) scans the whole queue. A stopped
/// driver's entry is not removed: it stays until its tick, when the driver sees it was stopped.
///
/// The timer fires on a grid of `slack` (timer slack, as the kernel gives its own timers): a tick
/// runs at most `slack` late, and every tick in the same step of the grid runs on one wake-up of
/// the loop. At thousands of probes a second each tick would otherwise wake the loop on its own,
/// a context switch and an `epoll_wait` per probe. Ticks stay where they were (the next one is
/// counted from the tick, not from the late start), so the lateness never adds up.
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
    /// The grid the timer fires on, in nanoseconds (0: each tick on time).
    private let slack: Int64
    /// How many times the timer fired.
    private(set) var wakeUps = 0

    init(loop: any EventLoop, clock: any ProbeClock, slack: Duration) {
        self.loop = loop
        self.clock = clock
        self.slack = max(0, slack.probeNanoseconds)
    }

    /// Calls `driver.tickDue()` on the loop once `tick` has come. Must run on the loop.
    func schedule(_ driver: ProbeLoopDriver, at tick: ProbeInstant) {
        let due = tick.offset.probeNanoseconds
        sequence &+= 1
        heap.insert(Entry(due: due, sequence: sequence, driver: driver))
        armIfEarlier(due)
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        timerDue = .max
        wakeUps += 1
        let now = clock.now.offset.probeNanoseconds
        while let first = heap.min, first.due <= now {
            heap.removeMin()
            first.driver.tickDue()
        }
        if let first = heap.min { armIfEarlier(first.due) }
    }

    func didCancelScheduledCallback(eventLoop: some EventLoop) {}

    /// Sets the timer for the grid step holding `due`, unless it is already set that early.
    private func armIfEarlier(_ due: Int64) {
        let fire = Self.gridStep(holding: due, slack: slack)
        guard fire < timerDue else { return }
        timer?.cancel()
        timerDue = fire
        let delay = max(0, fire - clock.now.offset.probeNanoseconds)
        timer = try? loop.scheduleCallback(in: .nanoseconds(delay), handler: self)
    }

    /// The first multiple of `slack` at or after `due` (`due` itself when `slack` is 0).
    static func gridStep(holding due: Int64, slack: Int64) -> Int64 {
        guard slack > 0 else { return due }
        let (quotient, remainder) = due.quotientAndRemainder(dividingBy: slack)
        let step = remainder > 0 ? quotient + 1 : quotient
        let (fire, overflow) = step.multipliedReportingOverflow(by: slack)
        return overflow ? due : fire
    }
}

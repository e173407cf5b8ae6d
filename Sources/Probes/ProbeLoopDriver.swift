import NIOCore

/// The life of one running probe on one event loop, with no task: the loop's ``ProbeTickQueue``
/// calls it at the tick, a slot is taken (or waited for with a callback on the loop), the prepared
/// run starts on the loop and its callback records the result and queues the next tick. Same
/// ticks, slots and recording rules as ``ProbeLoop``.
///
/// Confined to `loop` except ``start()`` and ``stop()``, which hop there; hence `@unchecked Sendable`.
final class ProbeLoopDriver: @unchecked Sendable {
    private let ticks: ProbeTickQueue
    private let loop: any EventLoop
    private let probe: any PreparedProbe
    private let period: Duration
    private let timeout: Duration
    private let anchor: ProbeInstant
    private let runID: UInt64
    private let clock: any ProbeClock
    private let slots: ProbeSlots
    private let cell: ProbeCell

    private var tick = ProbeInstant.zero
    private var ticket: UInt64?
    private var run: (any ProbeRunHandle)?
    private var stopped = false

    init(ticks: ProbeTickQueue, probe: any PreparedProbe, period: Duration, timeout: Duration, anchor: ProbeInstant,
         runID: UInt64, clock: any ProbeClock, slots: ProbeSlots, cell: ProbeCell) {
        self.ticks = ticks
        self.loop = ticks.loop
        self.probe = probe
        self.period = period
        self.timeout = timeout
        self.anchor = anchor
        self.runID = runID
        self.clock = clock
        self.slots = slots
        self.cell = cell
    }

    /// Queues the first tick.
    func start() {
        loop.execute { [self] in
            guard !stopped else { return }
            tick = ProbeLoop.firstTick(anchor: anchor, period: period, now: clock.now)
            schedule()
        }
    }

    /// Ignores the queued tick, withdraws a queued slot request and cancels a run in flight (its
    /// result is dropped, its slot given back).
    func stop() {
        loop.execute { [self] in
            guard !stopped else { return }
            stopped = true
            if let ticket, slots.cancel(ticket) { self.ticket = nil }
            run?.cancel()
        }
    }

    private func schedule() {
        ticks.schedule(self, at: tick)
    }

    /// The tick has come (called by the queue, on the loop).
    func tickDue() {
        guard !stopped else { return }
        if let ticket = slots.acquire(on: loop, { [self] in
            // Runs on `loop` holding a slot.
            self.ticket = nil
            granted()
        }) {
            self.ticket = ticket
        } else {
            granted()
        }
    }

    private func granted() {
        guard !stopped else { return slots.release() }
        run = probe.start(on: loop, timeout: timeout) { [self] result in finished(result) }
    }

    private func finished(_ result: ProbeResult) {
        run = nil
        slots.release()
        guard !stopped else { return }
        cell.record(result, runID: runID)
        tick = ProbeLoop.nextTick(after: tick, anchor: anchor, period: period, now: clock.now)
        schedule()
    }
}

import NIOCore

/// The life of one running probe on one event loop, with no task: a timer on the loop fires at the
/// tick, a slot is taken (or waited for with a callback on the loop), the prepared run starts on
/// the loop and its callback records the result and sets the next timer. Same ticks, slots and
/// recording rules as ``ProbeLoop``.
///
/// Confined to `loop` except ``start()`` and ``stop()``, which hop there; hence `@unchecked Sendable`.
final class ProbeLoopDriver: NIOScheduledCallbackHandler, @unchecked Sendable {
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
    private var timer: NIOScheduledCallback?
    private var ticket: UInt64?
    private var run: (any ProbeRunHandle)?
    private var stopped = false

    init(loop: any EventLoop, probe: any PreparedProbe, period: Duration, timeout: Duration, anchor: ProbeInstant,
         runID: UInt64, clock: any ProbeClock, slots: ProbeSlots, cell: ProbeCell) {
        self.loop = loop
        self.probe = probe
        self.period = period
        self.timeout = timeout
        self.anchor = anchor
        self.runID = runID
        self.clock = clock
        self.slots = slots
        self.cell = cell
    }

    /// Sets the first timer.
    func start() {
        loop.execute { [self] in
            guard !stopped else { return }
            tick = ProbeLoop.firstTick(anchor: anchor, period: period, now: clock.now)
            schedule()
        }
    }

    /// Stops the timer, withdraws a queued slot request and cancels a run in flight (its result
    /// is dropped, its slot given back).
    func stop() {
        loop.execute { [self] in
            guard !stopped else { return }
            stopped = true
            timer?.cancel()
            timer = nil
            if let ticket, slots.cancel(ticket) { self.ticket = nil }
            run?.cancel()
        }
    }

    private func schedule() {
        let delay = clock.now.duration(to: tick)
        timer = try? loop.scheduleCallback(in: delay.probeTimeAmount, handler: self)
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
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

    func didCancelScheduledCallback(eventLoop: some EventLoop) {}

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

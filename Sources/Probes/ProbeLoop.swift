import NIOCore

/// The life of one running probe as a task: sleep until the tick, take a concurrency slot, run,
/// report. Used with injected clocks (tests) and for handlers without an event-loop runner (exec).
struct ProbeLoop: Sendable {
    let handler: ProbeHandler
    let period: Duration
    let timeout: Duration
    let anchor: ProbeInstant
    let runID: UInt64
    let clock: any ProbeClock
    let prober: any Prober
    let slots: ProbeSlots
    let cell: ProbeCell

    func run() async {
        var tick = Self.firstTick(anchor: anchor, period: period, now: clock.now)
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: tick)
            } catch {
                return
            }
            guard await slots.acquire() else { return }
            let result = await prober.probe(handler, timeout: timeout)
            slots.release()
            guard !Task.isCancelled else { return }
            cell.record(result, runID: runID)
            tick = Self.nextTick(after: tick, anchor: anchor, period: period, now: clock.now)
        }
    }

    /// The first tick at or after `now`: `anchor + k * period` for the smallest such k ≥ 0.
    static func firstTick(anchor: ProbeInstant, period: Duration, now: ProbeInstant) -> ProbeInstant {
        guard now > anchor else { return anchor }
        let elapsed = anchor.duration(to: now).probeNanoseconds
        let step = max(1, period.probeNanoseconds)
        let periods = (elapsed + step - 1) / step
        return anchor + .nanoseconds(periods * step)
    }

    /// The tick after `tick`; ticks that have already passed (the run took too long) are skipped.
    static func nextTick(after tick: ProbeInstant, anchor: ProbeInstant, period: Duration,
                         now: ProbeInstant) -> ProbeInstant {
        let next = tick + period
        return next >= now ? next : firstTick(anchor: anchor, period: period, now: now)
    }
}

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

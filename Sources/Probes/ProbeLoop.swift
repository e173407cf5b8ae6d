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

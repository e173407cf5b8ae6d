import NIOCore
import NIOPosix
import Synchronization

/// Runs many probes on their own periods and reports every result as a ``ProbeUpdate``.
///
/// - ``update(probes:)`` reconciles the running set: new keys start, vanished keys stop, keys whose
///   definition changed restart with a fresh ``ProbeTracker``.
/// - Each probe first runs at `added + initialDelay + offset`, where the offset is a deterministic
///   spread over the period (from the key's hash, see ``startOffset(for:period:)``), then every
///   period. A run still in flight when its next tick comes makes the probe skip that tick.
/// - At most `maxConcurrent` runs are in flight; since every run is bounded by its timeout, a hung
///   target holds a slot no longer than its own timeout.
/// - Time comes from the injected ``ProbeClock``; a ``ManualClock`` makes tests deterministic.
/// - With the real clock and a prober that can run a handler on an event loop (HTTP and TCP through
///   ``ProberDispatcher``), each probe lives on one NIO event loop (``ProbeLoopDriver``): its tick
///   in the loop's ``ProbeTickQueue``, the run's callbacks there, its result recorded there — no
///   task and no actor hop per run.
///   Other handlers (exec) and injected clocks use a task per probe (``ProbeLoop``). Both record
///   straight into the probe's ``ProbeCell``.
/// - That event loop is the scheduler's own thread, made with the scheduler and stopped by
///   ``shutdown()``: probes never share NIO's process-wide loops with etcd, Docker or anything else
///   in the process, so thousands of probe runs cannot delay their I/O, nor can they delay probes.
public actor ProbeScheduler {
    /// The default bound on runs in flight.
    public static let defaultMaxConcurrent = 256
    /// The shortest period the scheduler uses (overrides below it are raised to it).
    public static let minimumPeriod = Duration.milliseconds(1)
    /// How late a probe on the event loop may start by default: 10 ms, 1 % of the shortest period a
    /// pod may ask for. Probes due in the same 10 ms then start on one wake-up of the loop instead
    /// of a wake-up (a context switch and an `epoll_wait`) each.
    public static let defaultTickSlack = Duration.milliseconds(10)

    /// Every start, result and stop, in the order they happen. Buffers the newest
    /// `bufferSize` batches when nobody reads. When probes run on the scheduler's event loop,
    /// updates arrive in batches, at most 10 ms after they happen; otherwise one at a time.
    public nonisolated let updates: ProbeUpdates
    /// The bound on runs in flight.
    public nonisolated let maxConcurrent: Int
    /// A period used instead of every definition's period, if set.
    public private(set) var periodOverride: Duration?
    /// A timeout used instead of every definition's timeout, if set.
    public private(set) var timeoutOverride: Duration?
    /// Whether probes are paused.
    public private(set) var isPaused = false

    /// What runs a probe.
    private enum Runner {
        case task(Task<Void, Never>)
        case driver(ProbeLoopDriver)

        func stop() {
            switch self {
            case .task(let task): task.cancel()
            case .driver(let driver): driver.stop()
            }
        }
    }

    /// A flag set from another thread.
    private final class Flag: Sendable {
        let value = Mutex(false)
    }

    private struct Entry {
        var definition: ProbeDefinition
        var cell: ProbeCell
        var addedAt: ProbeInstant
        /// The prepared event-loop run, nil when the probe runs as a task.
        var prepared: (any PreparedProbe)?
        var runner: Runner?
    }

    /// Every update goes through here, batched when probes run on the loop.
    private let outbox: ProbeUpdateOutbox
    private let prober: any Prober
    private let clock: any ProbeClock
    /// Set when probes can run on event loops (real clock, an ``EventLoopProber``).
    private let loopProber: (any EventLoopProber)?
    /// The scheduler's own event loop thread for ``ProbeLoopDriver``s, made when `loopProber` is set.
    private let loopGroup: MultiThreadedEventLoopGroup?
    /// The drivers' ticks on that loop.
    private let ticks: ProbeTickQueue?
    /// Set once `loopGroup` has shut down.
    private let loopStopped = Flag()
    private let slots: ProbeSlots
    private var entries: [ProbeKey: Entry] = [:]
    private var nextRunID: UInt64 = 0
    private var isShutDown = false

    /// Creates a scheduler with no probes.
    /// - Parameters:
    ///   - prober: Runs the handlers (usually a ``ProberDispatcher``).
    ///   - clock: The time source.
    ///   - maxConcurrent: The bound on runs in flight (at least 1).
    ///   - periodOverride: A period for every probe instead of its own.
    ///   - timeoutOverride: A timeout for every probe instead of its own.
    ///   - bufferSize: How many unread batches ``updates`` keeps (the newest win).
    ///   - tickSlack: How late a probe on the event loop may start so that probes due close together
    ///     start on one wake-up of the loop (``defaultTickSlack``; zero: each on time).
    public init(prober: any Prober, clock: any ProbeClock = ContinuousProbeClock(),
                maxConcurrent: Int = ProbeScheduler.defaultMaxConcurrent,
                periodOverride: Duration? = nil, timeoutOverride: Duration? = nil, bufferSize: Int = 100_000,
                tickSlack: Duration = ProbeScheduler.defaultTickSlack) {
        let (stream, continuation) = AsyncStream.makeStream(of: [ProbeUpdate].self,
                                                            bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        self.updates = ProbeUpdates(batches: stream)
        self.prober = prober
        self.clock = clock
        let loopProber = clock is ContinuousProbeClock ? prober as? any EventLoopProber : nil
        self.loopProber = loopProber
        let loopGroup = loopProber == nil ? nil : MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.loopGroup = loopGroup
        let loop = loopGroup?.next()
        self.ticks = loop.map { ProbeTickQueue(loop: $0, clock: clock, slack: tickSlack) }
        self.outbox = ProbeUpdateOutbox(continuation: continuation, loop: loop)
        self.maxConcurrent = max(1, maxConcurrent)
        self.slots = ProbeSlots(limit: max(1, maxConcurrent))
        self.periodOverride = periodOverride
        self.timeoutOverride = timeoutOverride
    }

    deinit {
        for entry in entries.values { entry.runner?.stop() }
        outbox.finish()
        stopLoopGroup()
    }

    /// Makes the running set equal to `probes`: starts new keys, stops vanished ones and restarts
    /// (with fresh state) those whose definition changed. Unchanged probes keep their state and rhythm.
    public func update(probes: [ProbeKey: ProbeDefinition]) {
        guard !isShutDown else { return }
        for key in entries.keys.sorted() where probes[key] == nil {
            guard let entry = entries.removeValue(forKey: key) else { continue }
            entry.runner?.stop()
            let tracker = entry.cell.deactivate()
            outbox.send(ProbeUpdate(key: key, event: .stopped, tracker: tracker, definition: entry.definition))
        }
        let now = clock.now
        for key in probes.keys.sorted() {
            guard let definition = probes[key] else { continue }
            if let existing = entries[key], existing.definition == definition { continue }
            if let old = entries[key] {
                old.runner?.stop()
                old.cell.deactivate()
            }
            let cell = ProbeCell(key: key, definition: definition, outbox: outbox, clock: clock)
            let entry = Entry(definition: definition, cell: cell, addedAt: now,
                              prepared: loopProber?.prepare(definition.handler))
            entries[key] = entry
            outbox.send(ProbeUpdate(key: key, event: .started, tracker: cell.tracker, definition: definition))
            start(key)
        }
    }

    /// Stops running probes (in-flight runs are cancelled and their results dropped); state is kept.
    public func pause() {
        guard !isPaused else { return }
        isPaused = true
        for key in entries.keys { stopLoop(key) }
    }

    /// Runs probes again, each at its next tick on its original rhythm.
    public func resume() {
        guard isPaused else { return }
        isPaused = false
        for key in entries.keys.sorted() { start(key) }
    }

    /// Sets or clears the global period and timeout overrides; running probes pick them up at once
    /// (keeping their state).
    public func setOverrides(period: Duration?, timeout: Duration?) {
        periodOverride = period
        timeoutOverride = timeout
        guard !isPaused else { return }
        for key in entries.keys.sorted() { start(key) }
    }

    /// Stops everything, finishes ``updates`` and stops the scheduler's event loop thread (after the
    /// runs in flight there have been cancelled); the scheduler accepts no more probes. Idempotent.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        for key in entries.keys { stopLoop(key) }
        outbox.finish()
        stopLoopGroup()
    }

    /// Shuts the loop down without waiting: every stop is already queued there and runs first.
    private nonisolated func stopLoopGroup() {
        guard let loopGroup else { return }
        let stopped = loopStopped
        loopGroup.shutdownGracefully { _ in stopped.value.withLock { $0 = true } }
    }

    /// The event loop HTTP and TCP probes run on (nil when every probe runs as a task).
    nonisolated var probeEventLoop: (any EventLoop)? { loopGroup?.next() }

    /// Whether the thread of ``probeEventLoop`` has stopped (some time after ``shutdown()``).
    nonisolated var isLoopStopped: Bool { loopStopped.value.withLock { $0 } }

    /// The state of one probe.
    public func tracker(for key: ProbeKey) -> ProbeTracker? {
        entries[key]?.cell.tracker
    }

    /// The state of every probe.
    public var trackers: [ProbeKey: ProbeTracker] {
        entries.mapValues(\.cell.tracker)
    }

    /// The keys of every probe.
    public var keys: Set<ProbeKey> {
        Set(entries.keys)
    }

    /// When a probe runs first (or ran first): `added + initialDelay + offset`.
    public func firstRun(for key: ProbeKey) -> ProbeInstant? {
        entries[key].map { anchor(of: $0, key: key) }
    }

    /// Runs in flight right now.
    public nonisolated var runsInFlight: Int { slots.inUse }

    /// The most runs ever in flight at once.
    public nonisolated var peakRunsInFlight: Int { slots.peak }

    /// The deterministic delay, within one period, before a probe's first run; spreads the start
    /// times of many probes over the period. Millisecond granularity.
    public static func startOffset(for key: ProbeKey, period: Duration) -> Duration {
        let milliseconds = UInt64(max(1, period.probeNanoseconds / 1_000_000))
        return .milliseconds(Int64(key.stableHash % milliseconds))
    }

    private func effectivePeriod(_ definition: ProbeDefinition) -> Duration {
        max(periodOverride ?? definition.period, Self.minimumPeriod)
    }

    private func effectiveTimeout(_ definition: ProbeDefinition) -> Duration {
        timeoutOverride ?? definition.timeout
    }

    private func anchor(of entry: Entry, key: ProbeKey) -> ProbeInstant {
        let period = effectivePeriod(entry.definition)
        return entry.addedAt + entry.definition.initialDelay + Self.startOffset(for: key, period: period)
    }

    private func stopLoop(_ key: ProbeKey) {
        guard let entry = entries[key] else { return }
        entry.runner?.stop()
        entry.cell.deactivate()
        entries[key]?.runner = nil
    }

    private func start(_ key: ProbeKey) {
        guard !isPaused, !isShutDown, var entry = entries[key] else { return }
        entry.runner?.stop()
        nextRunID += 1
        let runID = nextRunID
        entry.cell.activate(runID)
        let period = effectivePeriod(entry.definition)
        let timeout = effectiveTimeout(entry.definition)
        let anchor = anchor(of: entry, key: key)
        if let prepared = entry.prepared, let ticks {
            let driver = ProbeLoopDriver(ticks: ticks, probe: prepared, period: period,
                                         timeout: timeout, anchor: anchor, runID: runID, clock: clock, slots: slots,
                                         cell: entry.cell)
            driver.start()
            entry.runner = .driver(driver)
        } else {
            let loop = ProbeLoop(handler: entry.definition.handler, period: period, timeout: timeout, anchor: anchor,
                                 runID: runID, clock: clock, prober: prober, slots: slots, cell: entry.cell)
            entry.runner = .task(Task { await loop.run() })
        }
        entries[key] = entry
    }
}

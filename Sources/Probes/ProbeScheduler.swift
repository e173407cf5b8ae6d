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
public actor ProbeScheduler {
    /// The default bound on runs in flight.
    public static let defaultMaxConcurrent = 256
    /// The shortest period the scheduler uses (overrides below it are raised to it).
    public static let minimumPeriod = Duration.milliseconds(1)

    /// Every start, result and stop, in the order they happen. Buffers the newest
    /// `bufferSize` updates when nobody reads.
    public nonisolated let updates: AsyncStream<ProbeUpdate>
    /// The bound on runs in flight.
    public nonisolated let maxConcurrent: Int
    /// A period used instead of every definition's period, if set.
    public private(set) var periodOverride: Duration?
    /// A timeout used instead of every definition's timeout, if set.
    public private(set) var timeoutOverride: Duration?
    /// Whether probes are paused.
    public private(set) var isPaused = false

    private struct Entry {
        var definition: ProbeDefinition
        var tracker: ProbeTracker
        var addedAt: ProbeInstant
        var runID: UInt64 = 0
        var task: Task<Void, Never>?
    }

    private let continuation: AsyncStream<ProbeUpdate>.Continuation
    private let prober: any Prober
    private let clock: any ProbeClock
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
    ///   - bufferSize: How many unread updates ``updates`` keeps (the newest win).
    public init(prober: any Prober, clock: any ProbeClock = ContinuousProbeClock(),
                maxConcurrent: Int = ProbeScheduler.defaultMaxConcurrent,
                periodOverride: Duration? = nil, timeoutOverride: Duration? = nil, bufferSize: Int = 100_000) {
        let (stream, continuation) = AsyncStream.makeStream(of: ProbeUpdate.self,
                                                            bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        self.updates = stream
        self.continuation = continuation
        self.prober = prober
        self.clock = clock
        self.maxConcurrent = max(1, maxConcurrent)
        self.slots = ProbeSlots(limit: max(1, maxConcurrent))
        self.periodOverride = periodOverride
        self.timeoutOverride = timeoutOverride
    }

    deinit {
        for entry in entries.values { entry.task?.cancel() }
        continuation.finish()
    }

    /// Makes the running set equal to `probes`: starts new keys, stops vanished ones and restarts
    /// (with fresh state) those whose definition changed. Unchanged probes keep their state and rhythm.
    public func update(probes: [ProbeKey: ProbeDefinition]) {
        guard !isShutDown else { return }
        for key in entries.keys.sorted() where probes[key] == nil {
            guard let entry = entries.removeValue(forKey: key) else { continue }
            entry.task?.cancel()
            continuation.yield(ProbeUpdate(key: key, event: .stopped, tracker: entry.tracker, definition: entry.definition))
        }
        let now = clock.now
        for key in probes.keys.sorted() {
            guard let definition = probes[key] else { continue }
            if let existing = entries[key], existing.definition == definition { continue }
            entries[key]?.task?.cancel()
            let entry = Entry(definition: definition, tracker: ProbeTracker(kind: key.kind, definition: definition),
                              addedAt: now)
            entries[key] = entry
            continuation.yield(ProbeUpdate(key: key, event: .started, tracker: entry.tracker, definition: definition))
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

    /// Stops everything and finishes ``updates``; the scheduler accepts no more probes.
    public func shutdown() {
        isShutDown = true
        for key in entries.keys { stopLoop(key) }
        continuation.finish()
    }

    /// The state of one probe.
    public func tracker(for key: ProbeKey) -> ProbeTracker? {
        entries[key]?.tracker
    }

    /// The state of every probe.
    public var trackers: [ProbeKey: ProbeTracker] {
        entries.mapValues(\.tracker)
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
        entries[key]?.task?.cancel()
        entries[key]?.task = nil
    }

    private func start(_ key: ProbeKey) {
        guard !isPaused, !isShutDown, var entry = entries[key] else { return }
        entry.task?.cancel()
        nextRunID += 1
        entry.runID = nextRunID
        let loop = ProbeLoop(key: key, handler: entry.definition.handler, period: effectivePeriod(entry.definition),
                             timeout: effectiveTimeout(entry.definition), anchor: anchor(of: entry, key: key),
                             runID: entry.runID, clock: clock, prober: prober, slots: slots,
                             sink: ProbeLoop.Sink(self))
        entry.task = Task { await loop.run() }
        entries[key] = entry
    }

    /// Records a finished run, unless the loop that ran it was stopped or replaced since.
    func record(_ result: ProbeResult, for key: ProbeKey, runID: UInt64) {
        guard var entry = entries[key], entry.runID == runID, entry.task != nil else { return }
        let transition = entry.tracker.record(result.stamped(at: clock.now))
        entries[key] = entry
        continuation.yield(ProbeUpdate(key: key, event: .result, tracker: entry.tracker, transition: transition,
                                       definition: entry.definition))
    }
}

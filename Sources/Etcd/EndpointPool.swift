/// What a client knows about its endpoints: which one calls go to first, which are set aside
/// (and until when, and why), and which have answered a call since they last failed.
///
/// A plain value: the client keeps one behind its lock and hands copies to each call's
/// ``EtcdCallMachine``, which reads the attempt order from it. Endpoints are named by their
/// index in the configuration.
struct EndpointPool: Sendable, Equatable {
    /// The endpoint calls go to first.
    private(set) var preferred = 0
    /// Until when each endpoint is set aside (nil: it is not).
    private(set) var setAsideUntil: [ContinuousClock.Instant?]
    /// Whether each endpoint answered a call since it last failed (no dial probe needed).
    private(set) var proven: [Bool]
    /// Why each endpoint last failed, cleared when it answers again.
    private(set) var lastError: [String?]

    /// A pool of `count` endpoints, none proven, the first preferred.
    init(count: Int) {
        setAsideUntil = Array(repeating: nil, count: count)
        proven = Array(repeating: false, count: count)
        lastError = Array(repeating: nil, count: count)
    }

    /// The number of endpoints.
    var count: Int { proven.count }

    /// The order in which endpoints are tried at `now`: the preferred one first, then the
    /// others; endpoints still set aside go last, the one that comes back soonest first.
    func attemptOrder(at now: ContinuousClock.Instant) -> [Int] {
        let rotated = (0..<count).map { (preferred + $0) % count }
        let ready = rotated.filter { setAsideUntil[$0].map { $0 <= now } ?? true }
        let aside = rotated.filter { !ready.contains($0) }
            .sorted { (setAsideUntil[$0] ?? now) < (setAsideUntil[$1] ?? now) }
        return ready + aside
    }

    /// Whether `index` answered a call since it last failed.
    func isProven(_ index: Int) -> Bool { proven[index] }

    /// Whether `index` is usable at `now` (not set aside, no failure since it last answered).
    func isHealthy(_ index: Int, at now: ContinuousClock.Instant) -> Bool {
        let aside = setAsideUntil[index].map { $0 > now } ?? false
        return !aside && lastError[index] == nil
    }

    /// Records that `index` answered: it becomes the preferred endpoint.
    /// - Returns: whether the preferred endpoint changed.
    @discardableResult
    mutating func markHealthy(_ index: Int) -> Bool {
        let switched = preferred != index
        preferred = index
        proven[index] = true
        setAsideUntil[index] = nil
        lastError[index] = nil
        return switched
    }

    /// Sets `index` aside until `until` because of `reason`; if it was preferred, the next one is.
    mutating func setAside(_ index: Int, reason: String, until: ContinuousClock.Instant) {
        proven[index] = false
        setAsideUntil[index] = until
        lastError[index] = reason
        if preferred == index {
            preferred = (index + 1) % count
        }
    }
}

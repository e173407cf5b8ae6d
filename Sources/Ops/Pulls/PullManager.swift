import Docker
import Foundation
import PodModel

/// Runs image pulls through the Docker Engine API: a queue with at most
/// ``Configuration/maxParallel`` pulls streaming at once, deduplication, cancellation, stall
/// detection and throttled progress reports.
///
/// ```swift
/// let manager = PullManager(service: client)
/// let id = await manager.enqueue(try ImageReference.parse("nginx:1.25"), reason: .requested)
/// for await event in manager.events {
///     if case .finished(id, let outcome, _) = event { print(outcome); break }
/// }
/// ```
///
/// - Enqueueing an image that is already queued or pulling (same normalised reference and
///   platform) returns the existing pull's ID and reports nothing.
/// - Each pull sends the registry credentials from the docker config (`$DOCKER_CONFIG/config.json`
///   `auths`) as `X-Registry-Auth`; they are never logged.
/// - Progress is timed by the injected ``PullClock`` and reported at most every
///   ``Configuration/progressInterval`` per pull.
/// - ``cancel(_:)`` closes the pull's connection, which makes the daemon abort the pull.
/// - A pull with no byte progress for ``Configuration/stallTimeout`` turns ``PullState/stalled``
///   (reported at once) and is then cancelled; it ends as ``PullOutcome/stalled(after:)``. A pull
///   whose layers all wait for one of the daemon's download slots is not stalled while other
///   pulls move.
///
/// ``events`` has one consumer; it ends after ``shutdown()``.
public actor PullManager {
    /// Everything the manager reports, in order. Consume it from one task.
    public nonisolated let events: AsyncStream<PullEvent>
    /// How pulls run.
    public nonisolated let configuration: Configuration

    private let continuation: AsyncStream<PullEvent>.Continuation
    private let service: any ImageService
    private let clock: any PullClock

    /// What makes two enqueues the same pull.
    private struct PullKey: Hashable {
        var reference: String
        var platform: String?
    }

    /// Why a running pull is being stopped.
    private enum StopReason {
        case cancelled
        case stalled
    }

    /// A queued or running pull.
    private struct Entry {
        let id: PullID
        let key: PullKey
        let reference: ImageReference
        let platform: String?
        let reason: PullReason
        let enqueuedAt: Duration
        var state: PullState = .queued
        var progress = PullProgress()
        var startedAt: Duration?
        var lastEmitAt: Duration?
        var emitPending = false
        var stopReason: StopReason?
        var pullTask: Task<Void, Never>?
        var monitorTask: Task<Void, Never>?
    }

    private var entries: [PullID: Entry] = [:]
    private var byKey: [PullKey: PullID] = [:]
    private var queue: [PullID] = []
    private var running = 0
    private var recent: [PullSnapshot] = []
    private var lastFinished: [String: PullSnapshot] = [:]
    private var nextID = 1
    /// When bytes last moved in any pull (see ``lastProgress(_:startedAt:)``).
    private var lastProgressOfAnyPull: Duration?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false

    /// Creates a manager that pulls through `service` (a ``Docker/DockerClient``).
    public init(service: any ImageService, configuration: Configuration = Configuration(),
                clock: any PullClock = ContinuousPullClock()) {
        self.service = service
        self.configuration = configuration
        self.clock = clock
        (events, continuation) = AsyncStream<PullEvent>.makeStream(bufferingPolicy: .unbounded)
    }

    deinit {
        continuation.finish()
    }

    // MARK: - Requests

    /// Queues a pull of `reference` (on `platform`, `os[/arch[/variant]]`, when given) and returns
    /// its ID; when the same image is already queued or pulling, returns that pull's ID instead.
    ///
    /// After ``shutdown()`` the pull ends at once as cancelled.
    @discardableResult
    public func enqueue(_ reference: ImageReference, reason: PullReason, platform: String? = nil) -> PullID {
        let platform = Self.normalizedPlatform(platform)
        let key = PullKey(reference: reference.normalized, platform: platform)
        if let existing = byKey[key] { return existing }
        let id = PullID(nextID)
        nextID += 1
        let entry = Entry(id: id, key: key, reference: reference, platform: platform, reason: reason, enqueuedAt: clock.now)
        entries[id] = entry
        byKey[key] = id
        queue.append(id)
        continuation.yield(.queued(id, snapshot(of: entry)))
        if isShutDown {
            cancel(id)
        } else {
            startQueued()
        }
        return id
    }

    /// Cancels a queued or running pull: a queued one ends at once, a running one has its
    /// connection closed (the daemon aborts the pull) and ends as ``PullOutcome/cancelled``.
    /// Finished or unknown IDs are ignored.
    public func cancel(_ id: PullID) {
        guard var entry = entries[id] else { return }
        if let position = queue.firstIndex(of: id) {
            queue.remove(at: position)
            finish(id, .cancelled)
            return
        }
        guard entry.stopReason == nil else { return }
        entry.stopReason = .cancelled
        entry.pullTask?.cancel()
        entries[id] = entry
    }

    /// Cancels every queued and running pull.
    public func cancelAll() {
        for id in queue { cancel(id) }
        for id in entries.keys.sorted() { cancel(id) }
    }

    /// Cancels everything, waits until every pull has ended, then ends ``events``.
    public func shutdown() async {
        isShutDown = true
        cancelAll()
        await waitUntilIdle()
        continuation.finish()
    }

    /// Returns once no pull is queued or running.
    public func waitUntilIdle() async {
        if entries.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    // MARK: - Queries

    /// Every queued and running pull in the order they were enqueued, then the recent finished
    /// ones (at most ``Configuration/recentLimit``), newest first.
    public func snapshot() -> [PullSnapshot] {
        entries.values.sorted { $0.id < $1.id }.map(snapshot(of:)) + recent.reversed()
    }

    /// The pull with this ID, while it runs or while it is among the recent ones.
    public func snapshot(of id: PullID) -> PullSnapshot? {
        if let entry = entries[id] { return snapshot(of: entry) }
        return recent.last { $0.id == id }
    }

    /// The pull queued or running for `reference` (any platform) and the last one that ended.
    public func pulls(for reference: ImageReference) -> ImagePulls {
        let text = reference.normalized
        let active = entries.values.filter { $0.key.reference == text }.min { $0.id < $1.id }
        return ImagePulls(active: active.map(snapshot(of:)), lastFinished: lastFinished[text])
    }

    /// How many pulls are streaming right now.
    public var runningCount: Int { running }

    /// How many pulls wait for a free slot.
    public var queuedCount: Int { queue.count }

    // MARK: - Running pulls

    private func startQueued() {
        while running < configuration.maxParallel, !queue.isEmpty {
            let id = queue.removeFirst()
            guard var entry = entries[id] else { continue }
            running += 1
            let now = clock.now
            entry.state = .pulling
            entry.startedAt = now
            entry.lastEmitAt = now
            let (fromImage, tag) = entry.reference.pullParameters
            let platform = entry.platform
            entry.pullTask = Task { await self.stream(id, fromImage: fromImage, tag: tag, platform: platform) }
            entry.monitorTask = Task { await self.monitor(id) }
            entries[id] = entry
            continuation.yield(.progress(id, snapshot(of: entry)))
        }
    }

    /// Consumes the daemon's stream for one pull; runs in the pull's task.
    private func stream(_ id: PullID, fromImage: String, tag: String, platform: String?) async {
        do {
            let auth = try RegistryAuth.fromDockerConfig(forImage: fromImage, environment: configuration.environment)
            try Task.checkCancellation()
            for try await message in service.pull(fromImage: fromImage, tag: tag, platform: platform, auth: auth) {
                received(id, message)
            }
            ended(id, error: nil)
        } catch {
            ended(id, error: error)
        }
    }

    private func received(_ id: PullID, _ message: PullMessage) {
        guard var entry = entries[id], entry.stopReason == nil else { return }
        let now = clock.now
        let before = entry.progress.lastProgressAt
        entry.progress.apply(message, at: now)
        if entry.progress.lastProgressAt != before { lastProgressOfAnyPull = now }
        if let last = entry.lastEmitAt, now - last < configuration.progressInterval {
            entry.emitPending = true
            entries[id] = entry
            return
        }
        entry.lastEmitAt = now
        entry.emitPending = false
        entries[id] = entry
        continuation.yield(.progress(id, snapshot(of: entry)))
    }

    private func ended(_ id: PullID, error: (any Error)?) {
        guard let entry = entries[id] else { return }
        let outcome: PullOutcome
        switch entry.stopReason {
        case .cancelled?:
            outcome = .cancelled
        case .stalled?:
            outcome = .stalled(after: configuration.stallTimeout)
        case nil:
            if let error {
                outcome = error is CancellationError ? .cancelled : .failed(PullOutcome.failureMessage(for: error))
            } else if entry.progress.isComplete {
                outcome = .succeeded
            } else {
                outcome = .failed("the Docker daemon at \(service.location) ended the pull without a final status")
            }
        }
        running -= 1
        finish(id, outcome)
        startQueued()
    }

    /// Moves a pull out of the active set and reports how it ended.
    private func finish(_ id: PullID, _ outcome: PullOutcome) {
        guard var entry = entries.removeValue(forKey: id) else { return }
        entry.monitorTask?.cancel()
        entry.state = .finished(outcome)
        if byKey[entry.key] == id { byKey[entry.key] = nil }
        var final = snapshot(of: entry)
        final.finishedAt = clock.now
        if outcome == .succeeded { final.fraction = 1 }
        recent.append(final)
        if recent.count > configuration.recentLimit { recent.removeFirst(recent.count - configuration.recentLimit) }
        lastFinished[entry.key.reference] = final
        continuation.yield(.finished(id, outcome, final))
        if entries.isEmpty {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    // MARK: - Stall detection and deferred progress

    /// Wakes up every ``Configuration/progressInterval`` (or at the stall deadline, if sooner)
    /// to flush a held-back progress report and to catch a stall.
    private func monitor(_ id: PullID) async {
        while let deadline = monitorDeadline(id) {
            do { try await clock.sleep(until: deadline) } catch { return }
            tick(id)
        }
    }

    private func monitorDeadline(_ id: PullID) -> Duration? {
        guard let entry = entries[id], entry.stopReason == nil, let startedAt = entry.startedAt else { return nil }
        let stallAt = lastProgress(entry, startedAt: startedAt) + configuration.stallTimeout
        return min(stallAt, clock.now + max(configuration.progressInterval, .milliseconds(10)))
    }

    /// When the pull last made progress, for stall detection.
    ///
    /// The daemon downloads only a few layers at a time over all pulls; a pull whose layers all
    /// wait for a slot (`Pulling fs layer`, `Waiting`) is not stalled while other pulls move, so
    /// for it the latest progress of any pull counts.
    private func lastProgress(_ entry: Entry, startedAt: Duration) -> Duration {
        let own = max(startedAt, entry.progress.lastProgressAt ?? startedAt)
        let layers = entry.progress.layers
        let waitingForSlot = !layers.isEmpty && layers.allSatisfy { layer in
            switch layer.state {
            case .waiting, .pullingFSLayer, .pullComplete, .alreadyExists: return true
            default: return false
            }
        } && layers.contains { !$0.state.isDone }
        guard waitingForSlot, let any = lastProgressOfAnyPull else { return own }
        return max(own, any)
    }

    private func tick(_ id: PullID) {
        guard var entry = entries[id], entry.stopReason == nil, let startedAt = entry.startedAt else { return }
        let now = clock.now
        if now - lastProgress(entry, startedAt: startedAt) >= configuration.stallTimeout {
            entry.state = .stalled
            entry.stopReason = .stalled
            entry.lastEmitAt = now
            entry.emitPending = false
            entry.pullTask?.cancel()
            entries[id] = entry
            continuation.yield(.progress(id, snapshot(of: entry)))
            return
        }
        if entry.emitPending, let last = entry.lastEmitAt, now - last >= configuration.progressInterval {
            entry.lastEmitAt = now
            entry.emitPending = false
            entries[id] = entry
            continuation.yield(.progress(id, snapshot(of: entry)))
        }
    }

    // MARK: - Snapshots

    private func snapshot(of entry: Entry) -> PullSnapshot {
        let progress = entry.progress
        let now = clock.now
        let streaming = entry.state == .pulling
        return PullSnapshot(
            id: entry.id, reference: entry.reference, platform: entry.platform, reason: entry.reason, state: entry.state,
            layers: progress.layers.map(PullLayerRow.init), fraction: progress.fraction,
            downloadedBytes: progress.downloadedBytes, knownTotalBytes: progress.knownTotalBytes,
            hasUnknownTotals: progress.hasUnknownTotals,
            bytesPerSecond: streaming ? progress.bytesPerSecond(now: now) : nil,
            estimatedTimeRemaining: streaming || progress.isComplete ? progress.estimatedTimeRemaining(now: now) : nil,
            digest: progress.digest, status: progress.status,
            enqueuedAt: entry.enqueuedAt, startedAt: entry.startedAt, finishedAt: nil)
    }

    private static func normalizedPlatform(_ platform: String?) -> String? {
        guard let text = platform?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
        return text
    }
}

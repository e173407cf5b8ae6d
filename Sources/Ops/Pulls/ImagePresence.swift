import Docker
import PodModel

/// Answers "is this image in the Docker daemon?" per normalised reference, combined with the
/// state of its pulls, for the IMAGE column.
///
/// Answers from `GET /images/{name}/json` are cached for ``ttl``; a cached answer is dropped as
/// soon as a pull of that image ends (and on ``invalidate(_:)``). Whether the daemon answers at
/// all is checked with `/_ping`, also cached for ``ttl``: without a daemon every status is
/// ``ImageStatus/dockerUnavailable(_:)`` and nothing else is asked, so the dashboard keeps
/// working. Concurrent questions about one image share one request.
public actor ImagePresence {
    /// How long an answer from the daemon is reused.
    public nonisolated let ttl: Duration

    private let service: any ImageService
    private let manager: PullManager?
    private let clock: any PullClock
    private let pingTimeout: Duration

    /// What the daemon said about one image.
    private enum Answer: Sendable {
        case present
        case absent
        case unreachable(String)
        case failed(String)
    }

    private struct CacheEntry {
        var answer: Answer
        var checkedAt: Duration
        /// The last finished pull of the image when the question was asked.
        var lastFinished: PullID?
    }

    private var cache: [String: CacheEntry] = [:]
    private var inflight: [String: Task<Answer, Never>] = [:]
    private var availability: (value: DockerAvailability, checkedAt: Duration)?
    private var pingTask: Task<DockerAvailability, Never>?

    /// Creates a presence cache over `service` (a ``Docker/DockerClient``), combined with the
    /// pulls of `manager` when given.
    ///
    /// - Parameters:
    ///   - ttl: how long answers are reused (default 5 s).
    ///   - pingTimeout: how long `/_ping` may take before the daemon counts as unavailable.
    public init(service: any ImageService, manager: PullManager? = nil, clock: any PullClock = ContinuousPullClock(),
                ttl: Duration = .seconds(5), pingTimeout: Duration = .seconds(3)) {
        self.service = service
        self.manager = manager
        self.clock = clock
        self.ttl = ttl
        self.pingTimeout = pingTimeout
    }

    /// Whether the daemon answers `/_ping` (cached for ``ttl``).
    public func dockerAvailable() async -> DockerAvailability {
        if let availability, clock.now - availability.checkedAt < ttl { return availability.value }
        if let pingTask { return await pingTask.value }
        let (service, timeout) = (self.service, pingTimeout)
        let task = Task<DockerAvailability, Never> {
            do {
                return .available(apiVersion: try await service.ping(timeout: timeout))
            } catch {
                return .unavailable(reason: "\(error)")
            }
        }
        pingTask = task
        let value = await task.value
        pingTask = nil
        availability = (value, clock.now)
        return value
    }

    /// The status of `reference`: pulling (with progress) while a pull of it is queued or running,
    /// failed when its last pull failed or stalled, else present or absent as the daemon says.
    public func status(of reference: ImageReference) async -> ImageStatus {
        if case .unavailable(let reason) = await dockerAvailable() { return .dockerUnavailable(reason) }
        var pulls = PullManager.ImagePulls()
        if let manager { pulls = await manager.pulls(for: reference) }
        if let active = pulls.active { return .pulling(active.fraction) }
        switch pulls.lastFinished?.outcome {
        case .failed(let message)?: return .failed(message)
        case .stalled(let after)?: return .failed(PullOutcome.stalled(after: after).description)
        default: break
        }
        let name = Self.inspectName(reference)
        let lastFinished = pulls.lastFinished?.id
        if let entry = cache[name], entry.lastFinished == lastFinished, clock.now - entry.checkedAt < ttl {
            return status(entry.answer)
        }
        let asked = clock.now
        let answer = await inspect(name)
        if case .unreachable(let reason) = answer {
            availability = (.unavailable(reason: reason), clock.now)
        } else {
            cache[name] = CacheEntry(answer: answer, checkedAt: asked, lastFinished: lastFinished)
        }
        return status(answer)
    }

    /// The status of each reference (asked concurrently, at most 16 requests at a time).
    public func statuses(of references: [ImageReference]) async -> [ImageReference: ImageStatus] {
        var unique: [ImageReference] = []
        var seen = Set<ImageReference>()
        for reference in references where seen.insert(reference).inserted { unique.append(reference) }
        if case .unavailable(let reason) = await dockerAvailable() {
            return Dictionary(uniqueKeysWithValues: unique.map { ($0, ImageStatus.dockerUnavailable(reason)) })
        }
        var result: [ImageReference: ImageStatus] = [:]
        await withTaskGroup(of: (ImageReference, ImageStatus).self) { group in
            var next = 0
            func addNext() {
                guard next < unique.count else { return }
                let reference = unique[next]
                next += 1
                group.addTask { (reference, await self.status(of: reference)) }
            }
            for _ in 0..<16 { addNext() }
            while let (reference, status) = await group.next() {
                result[reference] = status
                addNext()
            }
        }
        return result
    }

    /// Forgets the cached answer about `reference`.
    public func invalidate(_ reference: ImageReference) {
        cache[Self.inspectName(reference)] = nil
    }

    /// Forgets every cached answer, including whether the daemon answers.
    public func invalidateAll() {
        cache.removeAll()
        availability = nil
    }

    // MARK: - Private

    private func inspect(_ name: String) async -> Answer {
        if let task = inflight[name] { return await task.value }
        let service = self.service
        let task = Task<Answer, Never> {
            do {
                return try await service.imageInspect(name) == nil ? .absent : .present
            } catch let error as DockerError {
                switch error {
                case .cannotConnect, .timedOut: return .unreachable(error.description)
                default: return .failed(error.description)
                }
            } catch {
                return .failed("\(error)")
            }
        }
        inflight[name] = task
        let answer = await task.value
        inflight[name] = nil
        return answer
    }

    private func status(_ answer: Answer) -> ImageStatus {
        switch answer {
        case .present: return .present
        case .absent: return .absent
        case .unreachable(let reason): return .dockerUnavailable(reason)
        case .failed: return .unknown
        }
    }

    /// The name the daemon looks the image up by: `name@digest` when pinned, else `name:tag`.
    static func inspectName(_ reference: ImageReference) -> String {
        if let digest = reference.digest { return reference.name + "@" + digest }
        return reference.normalized
    }
}

import Docker
import Foundation
import Ops
import PodModel
import Probes

/// The runtime's probes and pulls: the probe scheduler fed with the pods' probe plans, and the
/// pull engine with image presence, both reporting back as batched messages.
@MainActor
final class LiveFeeds {
    let settings: DeckSettings
    let send: MessageSink
    let pulls: PullEngine
    let scheduler: ProbeScheduler?
    private var plans: [PodKey: [PlannedProbe]] = [:]
    /// Past `probes.maxPods` the plans are dropped (at 100,000 pods they are ~40 MB that nothing
    /// runs) and only the pods that declare probes are counted here; nil while plans are kept.
    private var probedOnly: Set<PodKey>?
    /// Whether more pods declare probes than `probes.maxPods` (so the scheduler runs none).
    private var overLimit = false
    /// Plans changed by pages of a first listing, not yet given to the scheduler.
    private var plansPending = false
    private var knownImages: Set<String> = []
    private var tasks: [Task<Void, Never>] = []
    private let probeBatch = MessageBatcher<ProbeUpdate>()
    private let pullBatch = MessageBatcher<PullEvent>()

    init(settings: DeckSettings, environment: [String: String], send: MessageSink) {
        self.settings = settings
        self.send = send
        pulls = PullEngine.open(settings: settings, environment: environment)
        if settings.probes {
            // Exec probes are the operator's choice: without it no runner exists to run them.
            let exec = settings.execProbes ? (pulls.service as? DockerClient).map { DockerExecRunner(client: $0) } : nil
            scheduler = ProbeScheduler(prober: ProberDispatcher(execRunner: exec), maxConcurrent: settings.maxConcurrentProbes,
                                       periodOverride: settings.probeInterval, timeoutOverride: settings.probeTimeout)
        } else {
            scheduler = nil
        }
    }

    func start() {
        let send = self.send
        if let scheduler {
            let batch = probeBatch
            tasks.append(Task.detached {
                for await updates in scheduler.updates.batches { batch.add(contentsOf: updates) }
            })
            tasks.append(Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    let items = batch.drain()
                    if !items.isEmpty { send.yield(.probeUpdates(items)) }
                }
            })
        }
        let events = pulls.manager.events
        let pullBatch = self.pullBatch
        tasks.append(Task.detached {
            for await event in events { pullBatch.add(event) }
        })
        tasks.append(Task { [weak self] in
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(150))
                let items = pullBatch.drain()
                if !items.isEmpty {
                    send.yield(.pullEvents(items))
                    if items.contains(where: { if case .finished = $0 { return true }; return false }) { await self?.refreshImages() }
                }
                tick += 1
                if tick % 60 == 0 { await self?.refreshImages() }
            }
        })
    }

    func stop() async {
        for task in tasks { task.cancel() }
        await scheduler?.shutdown()
        await pulls.shutdown()
    }

    // MARK: - After each sync

    /// Takes a sync's rows and plans. Returns true when the probe plans dropped past
    /// `probes.maxPods` are wanted again (few enough pods with probes are left): the caller
    /// lists the pods again, which brings every plan back.
    func synced(_ delta: SyncDelta) -> Bool {
        var plansChanged = delta.replacesAll || plansPending
        if delta.replacesAll {
            plans = [:]
            probedOnly = nil
        }
        var newImages: [String] = []
        for row in delta.upserts {
            let planned = delta.probePlans[row.key] ?? []
            if probedOnly != nil {
                if planned.isEmpty ? probedOnly?.remove(row.key) != nil : probedOnly?.insert(row.key).inserted == true {
                    plansChanged = true
                }
            } else if plans[row.key] ?? [] != planned {
                // Pods without probes take no entry (100,000 of them would cost megabytes).
                plans[row.key] = planned.isEmpty ? nil : planned
                plansChanged = true
            }
            for image in row.images {
                guard let ref = try? ImageReference.parse(image) else { continue }
                if knownImages.insert(ref.normalized).inserted { newImages.append(ref.normalized) }
            }
        }
        for key in delta.deletions where plans.removeValue(forKey: key) != nil || probedOnly?.remove(key) != nil {
            plansChanged = true
        }
        let limit = settings.probeMaxPods
        // Probing every pod of a large cluster from one machine is neither possible at the
        // pods' periods nor wanted: past `probes.maxPods` none runs, and the header says so.
        // (0: no limit.) The plans go at once, even between the pages of a first listing.
        if limit > 0, probedOnly == nil, plans.count > limit {
            probedOnly = Set(plans.keys)
            plans = [:]
        }
        // The pages of a first listing update the scheduler once, when the listing is complete.
        plansPending = plansChanged && delta.partial
        var wantPlans = false
        if let scheduler, plansChanged, !delta.partial {
            let count = probedOnly?.count ?? plans.count
            let over = limit > 0 && count > limit
            if over || overLimit { send.yield(.probesOverLimit(over ? count : nil)) }
            if probedOnly != nil && !over {
                // Within the limit again, but the plans are gone: they come back with a listing.
                wantPlans = true
            } else if !(over && overLimit) {
                var all: [ProbeKey: ProbeDefinition] = [:]
                if !over { for (_, probes) in plans { for p in probes { all[p.key] = p.definition } } }
                Task { await scheduler.update(probes: all) }
            }
            overLimit = over
        }
        refreshImagesIfNew(newImages)
        return wantPlans
    }

    private func refreshImagesIfNew(_ images: [String]) {
        if !images.isEmpty { Task { await refreshImages(images) } }
    }

    /// Asks the daemon about images (all known ones when `only` is nil) and reports.
    func refreshImages(_ only: [String]? = nil) async {
        let refs = (only ?? Array(knownImages)).compactMap { try? ImageReference.parse($0) }
        let docker = await pulls.presence.dockerAvailable()
        var out: [String: ImageStatus] = [:]
        if docker.isAvailable {
            for (ref, status) in await pulls.presence.statuses(of: refs) { out[ref.normalized] = status }
        } else {
            for ref in refs { out[ref.normalized] = .dockerUnavailable(docker.description) }
        }
        send.yield(.imageStatuses(out, docker: docker))
    }

    // MARK: - Effects

    /// Enqueues pulls of these images (asked for by a key or by `--auto-pull`).
    func pull(_ refs: [String], reason: PullReason) async {
        for text in refs {
            guard let ref = try? ImageReference.parse(text) else { continue }
            _ = await pulls.manager.enqueue(ref, reason: reason)
        }
    }

    func cancel(_ refs: [String]) async {
        for snapshot in await pulls.manager.snapshot() where !snapshot.isFinished {
            if refs.isEmpty || refs.contains(snapshot.referenceText) { await pulls.manager.cancel(snapshot.id) }
        }
    }

    func pauseProbes(_ paused: Bool) async {
        guard let scheduler else { return }
        if paused { await scheduler.pause() } else { await scheduler.resume() }
    }
}

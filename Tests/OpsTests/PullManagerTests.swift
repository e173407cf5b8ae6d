import Ops
import Docker
import Foundation
import PodModel
import Testing
import TestSupport

/// The pull manager and image presence against a real dockerd and registry.
@Suite(.pullEnvironment, .serialized)
struct PullManagerTests {
    @Test func multiLayerPullReportsLayerStatesInOrderAndEndsPresent() async throws {
        let env = try PullTestEnvironment.require()
        let (image, proxy, reference) = try await env.throttledImage(repository: "pulls/progress", layerSizes: [900_000, 900_000],
                                                                     bytesPerSecond: 1_200_000)
        defer { proxy.stop() }
        try await env.withClient { client in
            let manager = PullManager(service: client)
            // A long TTL: only the end of the pull can make the presence ask again.
            let presence = ImagePresence(service: client, manager: manager, ttl: .seconds(600))
            let log = PullEventLog(manager)
            defer { log.stop() }
            #expect(await presence.dockerAvailable().isAvailable)
            #expect(await presence.status(of: reference) == .absent)

            let id = await manager.enqueue(reference, reason: .requested)
            var sawPulling = false
            try await waitUntil("the pull to report progress", timeout: .seconds(60)) {
                if case .pulling(let fraction) = await presence.status(of: reference) {
                    sawPulling = fraction >= 0
                }
                return sawPulling || log.outcome(of: id) != nil
            }
            #expect(sawPulling, "the presence reports .pulling while the pull runs")
            #expect(try await log.waitForOutcome(of: id) == .succeeded)

            let events = log.of(id)
            guard case .queued(_, let queued)? = events.first else {
                Issue.record("the first event is not .queued: \(events)")
                return
            }
            #expect(queued.state == .queued)
            guard case .finished(_, .succeeded, let final)? = events.last else {
                Issue.record("the last event is not .finished(.succeeded): \(String(describing: events.last))")
                return
            }
            #expect(final.fraction == 1)
            #expect(final.layers.count == image.layerCount)
            #expect(final.layers.allSatisfy { $0.state == .pullComplete })
            #expect(final.digest == image.digest)
            #expect(final.finishedAt != nil && final.startedAt != nil)
            #expect(final.downloadedBytes > 1_800_000)

            let snapshots = events.map(\.snapshot)
            let fractions = snapshots.map(\.fraction)
            #expect(fractions == fractions.sorted(), "the aggregate went backwards: \(fractions)")
            #expect(fractions.contains { $0 > 0 && $0 < 1 }, "no intermediate progress was reported: \(fractions)")
            #expect(snapshots.contains { snapshot in snapshot.layers.contains { if case .downloading = $0.state { true } else { false } } })
            for layer in final.layers {
                let ranks = snapshots.compactMap { $0.layers.first { $0.id == layer.id } }.map { $0.state.stage ?? -1 }
                #expect(!ranks.contains(-1), "layer \(layer.id) showed an unknown state")
                #expect(ranks == ranks.sorted(), "layer \(layer.id) went backwards: \(ranks)")
            }

            // The pull ended, so the cached "absent" is gone despite the long TTL.
            #expect(await presence.status(of: reference) == .present)
            #expect(try await env.daemon.hasImage(reference.normalized))
            #expect(await manager.snapshot().first?.id == id)
            await manager.shutdown()
        }
    }

    @Test func enqueueingAQueuedOrRunningImageAgainReturnsTheSamePull() async throws {
        let env = try PullTestEnvironment.require()
        let pushed = try await env.pushBusybox(repository: "pulls/dedup")
        let proxy = try await ThrottlingProxy.start(targetPort: env.registry.port, bytesPerSecond: 400_000)
        defer { proxy.stop() }
        let written = pushed.replacingOccurrences(of: env.registry.address, with: proxy.address)
        let reference = try ImageReference.parse(written)
        let same = try ImageReference.parse(written)
        try await env.withClient { client in
            let version = try await client.version()
            let platform = "\(version.os ?? "linux")/\(version.arch ?? "amd64")"
            let manager = PullManager(service: client)
            let log = PullEventLog(manager)
            defer { log.stop() }
            let first = await manager.enqueue(reference, reason: .requested)
            let second = await manager.enqueue(same, reason: .autoPull(.always))
            #expect(first == second)
            let onOtherPlatform = await manager.enqueue(reference, reason: .requested, platform: platform)
            #expect(onOtherPlatform != first, "another platform is another pull")
            #expect(try await log.waitForOutcome(of: first) == .succeeded)
            #expect(try await log.waitForOutcome(of: onOtherPlatform) == .succeeded)
            let queuedEvents = log.of(first).filter { if case .queued = $0 { true } else { false } }
            #expect(queuedEvents.count == 1)
            // Once it has ended, the image can be pulled again (nothing left to transfer).
            let again = await manager.enqueue(reference, reason: .requested)
            #expect(again != first)
            #expect(try await log.waitForOutcome(of: again) == .succeeded)
            #expect(log.of(again).last?.snapshot.status?.hasPrefix("Image is up to date") == true)
            await manager.shutdown()
        }
    }

    @Test func atMostMaxParallelPullsRunAndTheRestWaitInOrder() async throws {
        let env = try PullTestEnvironment.require()
        var pushed: [String] = []
        for index in 0..<4 { pushed.append(try await env.pushBusybox(repository: "pulls/parallel\(index)")) }
        let proxy = try await ThrottlingProxy.start(targetPort: env.registry.port, bytesPerSecond: 60_000)
        defer { proxy.stop() }
        let references = try pushed.map { try ImageReference.parse($0.replacingOccurrences(of: env.registry.address, with: proxy.address)) }
        try await env.withClient { client in
            let manager = PullManager(service: client, configuration: .init(maxParallel: 3))
            let log = PullEventLog(manager)
            defer { log.stop() }
            var ids: [PullID] = []
            for reference in references { ids.append(await manager.enqueue(reference, reason: .requested)) }
            #expect(await manager.runningCount == 3)
            #expect(await manager.queuedCount == 1)
            let states = await manager.snapshot().map(\.state)
            #expect(states == [.pulling, .pulling, .pulling, .queued])
            // The three really stream: each has heard from the daemon.
            try await waitUntil("the three running pulls to report layers", timeout: .seconds(60)) {
                let snapshots = await manager.snapshot()
                return snapshots.prefix(3).allSatisfy { !$0.layers.isEmpty }
            }
            #expect(await manager.snapshot(of: ids[3])?.state == .queued)
            proxy.setBytesPerSecond(nil)
            for id in ids { #expect(try await log.waitForOutcome(of: id) == .succeeded) }

            // The fourth started only after one of the first three had finished.
            let events = log.all
            let fourthStart = try #require(events.firstIndex { event in
                if case .progress(ids[3], let snapshot) = event { return snapshot.state == .pulling }
                return false
            })
            let firstFinish = try #require(events.firstIndex { if case .finished = $0 { true } else { false } })
            #expect(firstFinish < fourthStart)
            await manager.shutdown()
        }
    }

    @Test func cancellingMidPullClosesTheConnectionAndLeavesNoImage() async throws {
        let env = try PullTestEnvironment.require()
        let (_, proxy, reference) = try await env.throttledImage(repository: "pulls/cancel", layerSizes: [1_500_000, 1_500_000],
                                                                     bytesPerSecond: 150_000)
        defer { proxy.stop() }
        // The download stops a third of the way in, however slow the machine: the cancel lands
        // mid-download.
        let cap: Int64 = 1_000_000
        proxy.hold(afterBytes: cap)
        try await env.withClient { client in
            let manager = PullManager(service: client)
            let log = PullEventLog(manager)
            defer { log.stop() }
            let id = await manager.enqueue(reference, reason: .requested)
            try await log.waitForDownload(of: id, in: manager)
            // Connections dockerd left idle in its keep-alive pool may stay open; the ones carrying
            // the download must close.
            let openWhilePulling = proxy.activeConnections
            await manager.cancel(id)
            #expect(try await log.waitForOutcome(of: id, timeout: .seconds(30)) == .cancelled)
            #expect(await manager.runningCount == 0)
            // dockerd notices a client that went away only when it next writes progress, which it
            // never does while the registry is silent: if the hold already stopped the download,
            // let it trickle on (still throttled) so that write comes.
            proxy.release()
            try await waitUntil("dockerd to close the connections carrying the download", timeout: .seconds(30)) {
                proxy.activeConnections < openWhilePulling
            }
            // The download stopped well short of the image.
            #expect(proxy.bytesForwarded < 3_000_000, "\(proxy.bytesForwarded) bytes forwarded")
            #expect(try await client.imageInspect(reference.normalized) == nil)
            #expect(await manager.snapshot(of: id)?.outcome == .cancelled)
            await manager.shutdown()
        }
    }

    @Test func aPullWithoutProgressIsMarkedStalledThenCancelled() async throws {
        let env = try PullTestEnvironment.require()
        let (_, proxy, reference) = try await env.throttledImage(repository: "pulls/stall", layerSizes: [1_500_000, 1_500_000],
                                                                     bytesPerSecond: 150_000)
        defer { proxy.stop() }
        let clock = ManualPullClock()
        try await env.withClient { client in
            let manager = PullManager(service: client, configuration: .init(stallTimeout: .seconds(60)), clock: clock)
            let log = PullEventLog(manager)
            defer { log.stop() }
            let id = await manager.enqueue(reference, reason: .requested)
            try await log.waitForDownload(of: id, in: manager)
            // The registry goes silent (one byte per second is nothing).
            proxy.setBytesPerSecond(1)
            // No time passes on the manual clock: however long the silence, nothing stalls yet.
            #expect(await manager.snapshot(of: id)?.state == .pulling)
            // Sixty seconds of silence later it is stalled (bytes that were still on their way
            // when the proxy slowed down move the deadline, so advance until it ends).
            try await waitUntil("the stalled pull to end", timeout: .seconds(60), every: .milliseconds(200)) {
                if log.outcome(of: id) != nil { return true }
                clock.advance(by: .seconds(60))
                return false
            }
            #expect(log.outcome(of: id) == .stalled(after: .seconds(60)))
            let stalled = log.of(id).contains { if case .progress(_, let snapshot) = $0 { snapshot.state == .stalled } else { false } }
            #expect(stalled, "a .stalled progress report comes before the end")
            // Our side is done: nothing runs any more. dockerd notices the closed request only when
            // it next writes progress, which a silent registry never lets it do, so its download
            // connections are not awaited here (the cancel test above checks that they close).
            #expect(await manager.runningCount == 0)
            #expect(try await client.imageInspect(reference.normalized) == nil)
            await manager.shutdown()
        }
    }

    @Test func aMissingTagFailsWithTheRegistrysMessage() async throws {
        let env = try PullTestEnvironment.require()
        let pushed = try await env.pushBusybox(repository: "pulls/missing")
        let reference = try ImageReference.parse(String(pushed.dropLast(2)) + ":no-such-tag")
        try await env.withClient { client in
            let manager = PullManager(service: client)
            let presence = ImagePresence(service: client, manager: manager)
            let log = PullEventLog(manager)
            defer { log.stop() }
            let id = await manager.enqueue(reference, reason: .requested)
            let outcome = try await log.waitForOutcome(of: id)
            guard case .failed(let message) = outcome else {
                Issue.record("expected a failure, got \(outcome)")
                return
            }
            #expect(message.contains("pulls/missing:no-such-tag not found"), "\(message)")
            #expect(message.contains("manifest unknown"), "\(message)")
            #expect(await presence.status(of: reference) == .failed(message))
            await manager.shutdown()
        }
    }
}

/// Without a daemon: clear "docker unavailable" answers, and pulls fail instead of hanging.
@Suite struct PullWithoutDaemonTests {
    @Test func anAbsentDaemonMakesEveryStatusDockerUnavailable() async throws {
        let dir = try TempDirectory.make(prefix: "nodocker")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let client = try DockerClient(host: DockerHost(parsing: "unix://\(dir)/docker.sock"))
        let manager = PullManager(service: client)
        let presence = ImagePresence(service: client, manager: manager)
        let log = PullEventLog(manager)
        defer { log.stop() }
        let reference = try ImageReference.parse("127.0.0.1:5000/demo/app:1")
        let availability = await presence.dockerAvailable()
        #expect(!availability.isAvailable)
        #expect(availability.description.hasPrefix("docker unavailable: cannot connect to Docker at unix://\(dir)/docker.sock"),
                "\(availability)")
        let status = await presence.status(of: reference)
        guard case .dockerUnavailable(let reason) = status else {
            Issue.record("expected .dockerUnavailable, got \(status)")
            return
        }
        #expect(reason.contains("no such file or directory"), "\(reason)")
        #expect(status.label == "docker unavailable")
        let all = await presence.statuses(of: [reference, reference])
        #expect(all == [reference: status])

        let id = await manager.enqueue(reference, reason: .requested)
        let outcome = try await log.waitForOutcome(of: id, timeout: .seconds(30))
        #expect(outcome.description.contains("cannot connect to Docker"), "\(outcome)")
        await manager.shutdown()
        try await client.shutdown()
    }

    @Test func anUnusableDockerHostSettingStillGivesAnEngine() async throws {
        var settings = DeckSettings()
        settings.dockerHost = "ssh://somewhere"
        let engine = PullEngine.open(settings: settings, environment: [:])
        let status = await engine.presence.status(of: try ImageReference.parse("nginx"))
        guard case .dockerUnavailable(let reason) = status else {
            Issue.record("expected .dockerUnavailable, got \(status)")
            return
        }
        #expect(reason.contains("ssh:// hosts are not supported"), "\(reason)")
        await engine.shutdown()
    }
}

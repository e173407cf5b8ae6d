import Docker
import Foundation
import Testing
import TestSupport

extension DockerIntegrationTests {
    @Test func multiLayerPullReportsPerLayerProgress() async throws {
        let env = try DockerEnvironment.require()
        let image = try await DockerTestImages.pushMultiLayer(daemon: env.daemon, registry: env.registry.address, repository: "demo/progress")
        let proxy = try await ThrottlingProxy.start(targetPort: env.registry.port, bytesPerSecond: 1_500_000)
        defer { proxy.stop() }
        let pulled = image.via(proxy.address)
        try await env.withClient { client in
            let start = ContinuousClock.now
            var progress = PullProgress()
            var states: [String: [PullProgress.LayerState]] = [:]
            var fractions: [Double] = []
            for try await message in client.pull(fromImage: pulled.fromImage, tag: pulled.tag) {
                progress.apply(message, at: elapsed(since: start))
                if let id = message.id, let layer = progress.layer(id) {
                    states[id, default: []].append(layer.state)
                }
                fractions.append(progress.fraction)
            }
            #expect(progress.layers.count == image.layerCount)
            for layer in progress.layers {
                let seen = states[layer.id] ?? []
                let ranks = seen.map { $0.stage ?? -1 }
                #expect(ranks == ranks.sorted(), "layer \(layer.id) went backwards: \(seen)")
                #expect(!ranks.contains(-1), "layer \(layer.id) had an unknown state: \(seen)")
                #expect(seen.first == .pullingFSLayer)
                #expect(seen.contains { if case .downloading = $0 { return true } else { return false } }, "layer \(layer.id): \(seen)")
                #expect(seen.last == .pullComplete)
                #expect(layer.downloadTotal != nil && layer.downloadedBytes == layer.downloadTotal)
            }
            #expect(fractions == fractions.sorted(), "the aggregate went backwards")
            #expect(fractions.contains { $0 > 0 && $0 < 1 })
            #expect(progress.fraction == 1)
            #expect(progress.isComplete)
            #expect(progress.status?.hasPrefix("Downloaded newer image for \(pulled.reference)") == true)
            #expect(progress.digest == image.digest)
            #expect(progress.downloadedBytes == progress.knownTotalBytes)
            #expect(progress.downloadedBytes > 2_000_000)
            #expect(!progress.isStalled(now: elapsed(since: start) + .seconds(3600)))

            let info = try #require(try await client.imageInspect(pulled.reference))
            #expect(info.repoTags.contains(pulled.reference))

            // By digest: nothing left to transfer.
            var again = PullProgress()
            for try await message in client.pull(fromImage: pulled.fromImage, tag: image.digest) {
                again.apply(message, at: elapsed(since: start))
            }
            #expect(again.isUpToDate)
            #expect(again.digest == image.digest)
        }
    }

    @Test func missingTagIsA404WithTheDaemonsMessage() async throws {
        let env = try DockerEnvironment.require()
        let fromImage = "\(env.registry.address)/demo/busybox"
        try await env.withClient { client in
            let error = await #expect(throws: DockerError.self) {
                for try await _ in client.pull(fromImage: fromImage, tag: "no-such-tag") {}
            }
            #expect(error?.httpStatus == 404)
            #expect(error?.description.contains("demo/busybox:no-such-tag not found") == true, "\(String(describing: error))")
        }
    }

    @Test func platformIsSentOnlyWhenGiven() async throws {
        let env = try DockerEnvironment.require()
        let fromImage = "\(env.registry.address)/demo/busybox"
        try await env.withClient { client in
            var plain = PullProgress()
            for try await message in client.pull(fromImage: fromImage, tag: "1") { plain.apply(message, at: .zero) }
            #expect(plain.isUpToDate)
            var amd64 = PullProgress()
            for try await message in client.pull(fromImage: fromImage, tag: "1", platform: "linux/amd64") { amd64.apply(message, at: .zero) }
            #expect(amd64.isUpToDate)
            let error = await #expect(throws: DockerError.self) {
                for try await _ in client.pull(fromImage: fromImage, tag: "1", platform: "bogus") {}
            }
            #expect(error?.httpStatus == 400)
            #expect(error?.description.contains("unknown operating system or architecture") == true, "\(String(describing: error))")
        }
    }

    @Test func unreachableRegistryFailsWithoutHanging() async throws {
        let env = try DockerEnvironment.require()
        let port = try PortAllocator.freePort()
        let error = try await withinLimit(.seconds(60), "a pull from an unreachable registry") {
            try await env.withClient { client -> DockerError? in
                do {
                    for try await _ in client.pull(fromImage: "127.0.0.1:\(port)/demo/app", tag: "1") {}
                    return nil
                } catch let error as DockerError {
                    return error
                }
            }
        }
        let failure = try #require(error)
        #expect(failure.httpStatus == 500)
        #expect(failure.description.contains("connection refused"), "\(failure)")
    }

    @Test func cancellingTheConsumerAbortsThePull() async throws {
        let env = try DockerEnvironment.require()
        let layerSizes = [1_500_000, 1_500_000]
        let image = try await DockerTestImages.pushMultiLayer(daemon: env.daemon, registry: env.registry.address, repository: "demo/cancel",
                                                        layerSizes: layerSizes)
        let proxy = try await ThrottlingProxy.start(targetPort: env.registry.port, bytesPerSecond: 150_000)
        defer { proxy.stop() }
        // The download stops a third of the way in until the test lets it go, however slow the
        // machine: the cancel always lands mid-download.
        let cap: Int64 = 1_000_000
        proxy.hold(afterBytes: cap)
        let pulled = image.via(proxy.address)
        try await env.withClient { client in
            let (started, signal) = AsyncStream<Void>.makeStream()
            let ended = DoneFlag()
            let consumer = Task {
                defer {
                    ended.set()
                    signal.finish()
                }
                var messages = 0
                for try await message in client.pull(fromImage: pulled.fromImage, tag: pulled.tag) {
                    messages += 1
                    if message.status == "Downloading" { signal.yield() }
                }
                return messages
            }
            var iterator = started.makeAsyncIterator()
            guard await iterator.next() != nil else {
                Issue.record("the pull ended before a download started: \(await consumer.result)")
                return
            }
            // Connections dockerd left idle in its keep-alive pool may stay open; the ones carrying
            // the download must close.
            let openWhilePulling = proxy.activeConnections
            consumer.cancel()
            // The stream ends: the consumer returns (or throws CancellationError), it does not hang.
            try await waitUntil("the cancelled pull stream to end", timeout: .seconds(30)) { ended.isSet }
            if case .failure(let error) = await consumer.result {
                #expect(error is CancellationError, "\(error)")
            }
            // dockerd notices a client that went away only when it next writes progress, which it
            // never does while the registry is silent: if the hold already stopped the download,
            // let it trickle on (still throttled) so that write comes.
            proxy.release()
            // dockerd drops its registry connections and keeps no image.
            try await waitUntil("dockerd to close the connections carrying the download", timeout: .seconds(30)) {
                proxy.activeConnections < openWhilePulling
            }
            // The download stopped well short of the image.
            #expect(proxy.bytesForwarded < Int64(layerSizes.reduce(0, +)), "\(proxy.bytesForwarded) bytes forwarded")
            #expect(try await client.imageInspect(pulled.reference) == nil)
            #expect(try await !env.daemon.imageList().contains(pulled.reference))
            // Nothing of the cancelled pull is left to block the next one: released and
            // now unthrottled, the same pull completes.
            proxy.setBytesPerSecond(nil)
            try await withinLimit(.seconds(60), "the pull after the cancelled one") {
                for try await _ in client.pull(fromImage: pulled.fromImage, tag: pulled.tag) {}
            }
            #expect(try await client.imageInspect(pulled.reference) != nil)
        }
    }

    @Test func layerBlobThatDisappearsMidPullFailsClearly() async throws {
        let env = try DockerEnvironment.require()
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let image = try await DockerTestImages.pushMultiLayer(daemon: env.daemon, registry: registry.address, repository: "demo/vanishing",
                                                        layerSizes: [800_000, 800_000])
        let proxy = try await ThrottlingProxy.start(targetPort: registry.port, bytesPerSecond: 300_000)
        defer { proxy.stop() }
        let pulled = image.via(proxy.address)
        try await env.withClient { (client: DockerClient) async throws -> Void in
            var layers: [String] = []
            var deleted: [String] = []
            var progress = PullProgress()
            let start = ContinuousClock.now
            let error = await #expect(throws: DockerError.self) {
                for try await message in client.pull(fromImage: pulled.fromImage, tag: pulled.tag) {
                    progress.apply(message, at: elapsed(since: start))
                    if message.status == "Pulling fs layer", let id = message.id { layers.append(id) }
                    if message.status == "Downloading", deleted.isEmpty {
                        deleted = try registry.deleteBlobs(shortIDs: layers)
                        proxy.dropConnections()
                    }
                }
            }
            #expect(deleted.count == image.layerCount)
            if case .pullFailed(let message)? = error {
                #expect(message.contains("unknown blob") || message.contains("blob unknown"), "\(message)")
            } else {
                Issue.record("expected pullFailed, got \(String(describing: error))")
            }
            #expect(!progress.isComplete)
            #expect(try await client.imageInspect(pulled.reference) == nil)
        }
    }
}

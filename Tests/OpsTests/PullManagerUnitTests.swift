import Ops
import Docker
import Foundation
import PodModel
import Testing
import TestSupport

/// The pull manager and presence cache on a scripted daemon and a manual clock: throttling,
/// stalls, queue order, credentials and cache lifetimes, deterministically.
@Suite struct PullManagerUnitTests {
    let reference = try! ImageReference.parse("127.0.0.1:5000/demo/app:1")

    /// Waits (with a deadline, so a broken manager fails instead of hanging) until `count`
    /// tasks sleep on `clock`.
    func sleepers(_ clock: ManualPullClock, _ count: Int) async throws {
        try await waitUntil("\(count) tasks to sleep on the clock", timeout: .seconds(10), every: .milliseconds(5)) {
            clock.sleeperCount >= count
        }
    }

    @Test func progressReportsAreThrottledAndTheHeldBackOneIsSentLater() async throws {
        let fake = PullFakeImageService()
        let clock = ManualPullClock()
        let manager = PullManager(service: fake, configuration: .init(progressInterval: .milliseconds(100)), clock: clock)
        let log = PullEventLog(manager)
        defer { log.stop() }
        let id = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        #expect(fake.requests[0].fromImage == "127.0.0.1:5000/demo/app")
        #expect(fake.requests[0].tag == "1")
        #expect(fake.requests[0].platform == nil)

        // Fifty lines in the same instant: all applied, none reported yet.
        fake.send(0, PullMessage(id: "0123456789ab", status: "Pulling fs layer"))
        for step in 1...50 {
            fake.send(0, PullMessage(id: "0123456789ab", status: "Downloading", progressDetail: .init(current: Int64(step) * 100, total: 5000)))
        }
        try await waitUntil("the lines to be applied") { await manager.snapshot(of: id)?.downloadedBytes == 5000 }
        #expect(log.of(id).count == 2, "only .queued and the start: \(log.of(id))")

        // When the interval is over, the held-back report goes out with the latest state.
        try await sleepers(clock, 1)
        clock.advance(by: .milliseconds(100))
        try await waitUntil("the held-back report") { log.of(id).count == 3 }
        guard case .progress(_, let report) = log.of(id)[2] else {
            Issue.record("expected a progress report, got \(log.of(id)[2])")
            return
        }
        #expect(report.downloadedBytes == 5000)
        #expect(report.layers.map(\.state) == [.downloading(current: 5000, total: 5000)])
        #expect(report.fraction == 0.5)

        for message in PullFakeImageService.completePull(layer: "0123456789ab", bytes: 5000).dropFirst(4) { fake.send(0, message) }
        fake.end(0)
        #expect(try await log.waitForOutcome(of: id, timeout: .seconds(10)) == .succeeded)
        let kinds = log.of(id).map { event -> String in
            switch event {
            case .queued: return "queued"
            case .progress(_, let snapshot): return "progress(\(snapshot.state))"
            case .finished(_, let outcome, _): return "finished(\(outcome))"
            }
        }
        #expect(kinds == ["queued", "progress(pulling)", "progress(pulling)", "finished(pulled)"])
        #expect(log.of(id).last?.snapshot.fraction == 1)
        #expect(log.of(id).last?.snapshot.estimatedTimeRemaining == .zero)
    }

    @Test func silenceForTheStallTimeoutStallsThenCancelsThePull() async throws {
        let fake = PullFakeImageService()
        let clock = ManualPullClock()
        let manager = PullManager(service: fake, configuration: .init(stallTimeout: .seconds(30)), clock: clock)
        let log = PullEventLog(manager)
        defer { log.stop() }
        let id = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        fake.send(0, PullMessage(id: "0123456789ab", status: "Downloading", progressDetail: .init(current: 10, total: 100)))
        try await waitUntil("the line to be applied") { await manager.snapshot(of: id)?.downloadedBytes == 10 }

        // 29.9 s of silence: still pulling.
        try await sleepers(clock, 1)
        clock.advance(by: .milliseconds(29_900))
        try await sleepers(clock, 1)
        #expect(log.outcome(of: id) == nil)
        #expect(await manager.snapshot(of: id)?.state == .pulling)
        #expect(!fake.isTerminated(0))

        // Bytes move: the deadline moves with them.
        fake.send(0, PullMessage(id: "0123456789ab", status: "Downloading", progressDetail: .init(current: 20, total: 100)))
        try await waitUntil("the line to be applied") { await manager.snapshot(of: id)?.downloadedBytes == 20 }
        clock.advance(by: .seconds(29))
        try await sleepers(clock, 1)
        #expect(log.outcome(of: id) == nil)

        clock.advance(by: .seconds(1))
        #expect(try await log.waitForOutcome(of: id, timeout: .seconds(10)) == .stalled(after: .seconds(30)))
        let states = log.of(id).map(\.snapshot.state)
        #expect(states.suffix(2) == [.stalled, .finished(.stalled(after: .seconds(30)))])
        try await waitUntil("the stream to be closed") { fake.isTerminated(0) }
        #expect(PullOutcome.stalled(after: .seconds(30)).description.contains("no progress for 30s"))
        #expect(PullOutcome.stalled(after: .seconds(30)).description.contains("--pull-stall-timeout"))
    }

    @Test func aPullWaitingForADownloadSlotIsNotStalledWhileOtherPullsMove() async throws {
        let fake = PullFakeImageService()
        let clock = ManualPullClock()
        let manager = PullManager(service: fake, configuration: .init(stallTimeout: .seconds(10)), clock: clock)
        let log = PullEventLog(manager)
        defer { log.stop() }
        let busy = await manager.enqueue(reference, reason: .requested)
        let waiting = await manager.enqueue(try ImageReference.parse("127.0.0.1:5000/demo/other:1"), reason: .requested)
        try await waitUntil("both pull requests") { fake.requests.count == 2 }
        fake.send(1, PullMessage(id: "bbbbbbbbbbbb", status: "Pulling fs layer"))
        fake.send(1, PullMessage(id: "bbbbbbbbbbbb", status: "Waiting"))
        try await waitUntil("the waiting layer") { await manager.snapshot(of: waiting)?.layers.first?.state == .waiting }
        // The busy pull moves every 4 s for 40 s; the waiting one hears nothing all that time.
        for step in 1...10 {
            fake.send(0, PullMessage(id: "aaaaaaaaaaaa", status: "Downloading", progressDetail: .init(current: Int64(step) * 100, total: 10_000)))
            try await waitUntil("step \(step) to be applied") { await manager.snapshot(of: busy)?.downloadedBytes == Int64(step) * 100 }
            try await waitUntil("both monitors to sleep") { clock.sleeperCount >= 2 || log.outcome(of: waiting) != nil }
            try #require(log.outcome(of: waiting) == nil, "the waiting pull ended after \(4 * (step - 1))s: \(String(describing: log.outcome(of: waiting)))")
            clock.advance(by: .seconds(4))
        }
        try await sleepers(clock, 2)
        #expect(log.outcome(of: waiting) == nil)
        #expect(log.outcome(of: busy) == nil)
        // Once nothing moves anywhere, both stall.
        clock.advance(by: .seconds(10))
        #expect(try await log.waitForOutcome(of: waiting, timeout: .seconds(10)) == .stalled(after: .seconds(10)))
        #expect(try await log.waitForOutcome(of: busy, timeout: .seconds(10)) == .stalled(after: .seconds(10)))
    }

    @Test func aPullThatNeverHearsFromTheDaemonStallsToo() async throws {
        let fake = PullFakeImageService()
        let clock = ManualPullClock()
        let manager = PullManager(service: fake, configuration: .init(stallTimeout: .seconds(5)), clock: clock)
        let log = PullEventLog(manager)
        defer { log.stop() }
        let id = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        try await sleepers(clock, 1)
        clock.advance(by: .seconds(5))
        #expect(try await log.waitForOutcome(of: id, timeout: .seconds(10)) == .stalled(after: .seconds(5)))
        try await waitUntil("the stream to be closed") { fake.isTerminated(0) }
    }

    @Test func queuedPullsStartInOrderAndCancellingOneInTheQueueNeverStartsIt() async throws {
        let fake = PullFakeImageService()
        let manager = PullManager(service: fake, configuration: .init(maxParallel: 1), clock: ManualPullClock())
        let log = PullEventLog(manager)
        defer { log.stop() }
        let a = await manager.enqueue(reference, reason: .requested)
        let b = await manager.enqueue(try ImageReference.parse("127.0.0.1:5000/demo/b:1"), reason: .requested)
        let c = await manager.enqueue(try ImageReference.parse("127.0.0.1:5000/demo/c@sha256:" + String(repeating: "c", count: 64)),
                                      reason: .autoPull(.ifNotPresent))
        #expect(await manager.snapshot().map(\.state) == [.pulling, .queued, .queued])
        await manager.cancel(b)
        #expect(try await log.waitForOutcome(of: b, timeout: .seconds(10)) == .cancelled)
        try await waitUntil("the first request") { fake.requests.count == 1 }
        for message in PullFakeImageService.completePull() { fake.send(0, message) }
        fake.end(0)
        #expect(try await log.waitForOutcome(of: a, timeout: .seconds(10)) == .succeeded)
        try await waitUntil("the next request") { fake.requests.count == 2 }
        #expect(fake.requests[1].fromImage == "127.0.0.1:5000/demo/c")
        #expect(fake.requests[1].tag == "sha256:" + String(repeating: "c", count: 64), "a digest is pulled by digest")
        await manager.cancelAll()
        #expect(try await log.waitForOutcome(of: c, timeout: .seconds(10)) == .cancelled)
        try await waitUntil("the stream to be closed") { fake.isTerminated(1) }
        #expect(fake.requests.count == 2, "the cancelled queued pull never reached the daemon")
        // Recent pulls, newest first.
        #expect(await manager.snapshot().map(\.id) == [c, a, b])
    }

    @Test func errorsEndPullsWithTheDaemonsMessage() async throws {
        let fake = PullFakeImageService()
        let manager = PullManager(service: fake, clock: ManualPullClock())
        let log = PullEventLog(manager)
        defer { log.stop() }
        let refused = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        fake.end(0, throwing: DockerError.api(status: 404, message: "manifest for x:1 not found: manifest unknown", operation: "POST"))
        #expect(try await log.waitForOutcome(of: refused) == .failed("manifest for x:1 not found: manifest unknown"))

        let broken = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 2 }
        fake.send(1, PullMessage(id: "0123456789ab", status: "Pulling fs layer"))
        fake.end(1, throwing: DockerError.pullFailed("unknown blob"))
        #expect(try await log.waitForOutcome(of: broken) == .failed("unknown blob"))

        let cut = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 3 }
        fake.send(2, PullMessage(id: "0123456789ab", status: "Pulling fs layer"))
        fake.end(2)
        let outcome = try await log.waitForOutcome(of: cut)
        #expect(outcome == .failed("the Docker daemon at fake://docker ended the pull without a final status"))
    }

    @Test func credentialsFromTheDockerConfigAreSentButNeverShown() async throws {
        let dir = try TempDirectory.make(prefix: "dockerconfig")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let auth = Data("puller:s3cret-pw".utf8).base64EncodedString()
        try #"{"auths":{"127.0.0.1:5000":{"auth":"\#(auth)"}}}"#.write(toFile: "\(dir)/config.json", atomically: true, encoding: .utf8)
        let fake = PullFakeImageService()
        let manager = PullManager(service: fake, configuration: .init(environment: ["DOCKER_CONFIG": dir]), clock: ManualPullClock())
        let log = PullEventLog(manager)
        defer { log.stop() }
        let id = await manager.enqueue(reference, reason: .requested)
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        let sent = try #require(fake.requests[0].auth)
        #expect(sent.username == "puller")
        #expect(sent.password == "s3cret-pw")
        #expect(sent.serverAddress == "127.0.0.1:5000")
        fake.end(0, throwing: DockerError.api(status: 500, message: "unauthorized", operation: "POST"))
        _ = try await log.waitForOutcome(of: id)
        #expect(!"\(log.all)".contains("s3cret-pw"))
    }

    @Test func presenceIsCachedForItsTTLAndDroppedWhenAPullEnds() async throws {
        let fake = PullFakeImageService()
        let clock = ManualPullClock()
        let manager = PullManager(service: fake, clock: clock)
        let presence = ImagePresence(service: fake, manager: manager, clock: clock, ttl: .seconds(10))
        let log = PullEventLog(manager)
        defer { log.stop() }
        let name = "127.0.0.1:5000/demo/app:1"
        #expect(await presence.status(of: reference) == .absent)
        fake.setPresent(name, true)
        #expect(await presence.status(of: reference) == .absent, "cached")
        #expect(fake.inspections == [name])
        #expect(fake.pings == 1)
        clock.advance(by: .seconds(10))
        #expect(await presence.status(of: reference) == .present, "the TTL is over")
        #expect(fake.inspections.count == 2)
        #expect(fake.pings == 2)

        // A pull that ends drops the cached answer at once.
        fake.setPresent(name, false)
        let id = await manager.enqueue(reference, reason: .requested)
        #expect(await presence.status(of: reference) == .pulling(0))
        try await waitUntil("the pull request") { fake.requests.count == 1 }
        fake.end(0, throwing: CancellationError())
        #expect(try await log.waitForOutcome(of: id) == .cancelled)
        #expect(await presence.status(of: reference) == .absent)
        #expect(fake.inspections.count == 3)

        // A pinned image is looked up by digest; many questions share one answer.
        let pinned = try ImageReference.parse("127.0.0.1:5000/demo/app:1@sha256:" + String(repeating: "d", count: 64))
        let answers = await presence.statuses(of: [pinned, pinned, reference])
        #expect(answers == [pinned: .absent, reference: .absent])
        #expect(fake.inspections.last == "127.0.0.1:5000/demo/app@sha256:" + String(repeating: "d", count: 64))

        // A daemon that goes away is reported, and checked again after the TTL.
        fake.setUnavailable("connection refused")
        await presence.invalidateAll()
        guard case .dockerUnavailable(let reason) = await presence.status(of: reference) else {
            Issue.record("expected .dockerUnavailable")
            return
        }
        #expect(reason.contains("connection refused"))
        fake.setUnavailable(nil)
        clock.advance(by: .seconds(10))
        #expect(await presence.status(of: reference) == .absent)
    }
}

@testable import Deck
import Docker
import Foundation
import OpsTestSupport
@testable import Ops
import PodModel
import Screen
import TerminalText
import Testing
import TestSupport

extension Buffer {
    /// Row `y` as text.
    func lineText(_ y: Int) -> String { lines()[y] }
}

/// The logs view fed by a real stream: a container in a real dockerd, its pod in a real etcd.
@Suite("logs view against a real dockerd and etcd", .serialized)
struct LogViewStreamTests {
    /// Runs a feed of `pod`'s container `web` into a logs view of `capacity` lines until
    /// `done` holds; returns the state.
    func follow(_ fixture: StoreFixture, _ client: DockerClient, pod: PodKey, capacity: Int,
                until done: @escaping @Sendable (LogViewState) -> Bool) async throws -> AppState {
        var state = makeState()
        state.logSettings.maxLines = capacity
        _ = DeckUpdate.update(&state, .containers(.resolved(pod, .logs, names: ["web"], error: nil)))
        let session = try #require(state.logs?.session)
        let (messages, continuation) = AsyncStream<Envelope>.makeStream(bufferingPolicy: .unbounded)
        let feed = LogFeed(session: session, capacity: capacity, send: MessageSink(continuation: continuation, epoch: nil))
        feed.start(LogFeed.Source(client: client, store: fixture.store, pod: pod, container: "web", tail: nil, since: nil,
                                  pollInterval: .milliseconds(200)))
        defer { feed.stop() }
        // A stream that stops delivering must fail the test, not hang it.
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(120))
            continuation.finish()
        }
        defer { watchdog.cancel() }
        for await envelope in messages {
            for effect in DeckUpdate.update(&state, envelope.msg) {
                if case .containers(.ackLogs(let acked)) = effect, acked == session { feed.acknowledge() }
            }
            if let logs = state.logs, done(logs) { return state }
            if case .failed(let reason)? = state.logs?.status {
                Issue.record("the stream failed: \(reason)")
                return state
            }
        }
        Issue.record("the stream did not finish in 120 s: \(String(describing: state.logs?.status)), \(state.logs?.ring.endSequence ?? -1) lines")
        return state
    }

    @Test func everyLineOfAHundredThousandArrivesOnceAndInOrder() async throws {
        let fixture = try await StoreFixture.start()
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-logview/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let id = try await daemon.runContainer(image: image, command: ["seq", "1", "100000"],
                                               labels: DockerDaemon.podLabels(namespace: "logs", pod: "counter", uid: "uid-counter", container: "web"))
        try await fixture.seed("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "counter", "namespace": "logs", "uid": "uid-counter"},
             "spec": {"containers": [{"name": "web", "image": "busybox:1"}]},
             "status": {"containerStatuses": [{"name": "web", "containerID": "docker://\(id)", "state": {"running": {}}}]}}
            """)
        let pod = PodKey(namespace: "logs", name: "counter")
        let client = try DockerClient(host: DockerHost(parsing: daemon.host))
        // A window larger than the log: all of it, once, in order.
        let whole = try await follow(fixture, client, pod: pod, capacity: 200_000) { $0.ring.endSequence >= 100_000 }
        let all = try #require(whole.logs)
        #expect(all.ring.firstSequence == 0)
        let inOrder = all.ring.lines.map(\.text) == (1...100_000).map(String.init)
        #expect(inOrder, "the view does not hold 1 to 100000, each once, in order")
        #expect(all.ring.lines.allSatisfy { $0.stream == .stdout && $0.timestamp.hasSuffix("Z") })

        // A window of 1,000: the last 1,000, in order; 100,000 went through it.
        let window = try await follow(fixture, client, pod: pod, capacity: 1000) {
            $0.ring.endSequence >= 100_000 && $0.status != .connecting
        }
        let last = try #require(window.logs)
        #expect(last.ring.endSequence == 100_000)
        let kept = last.ring.lines.map(\.text) == (99_001...100_000).map(String.init)
        #expect(kept, "the window is not 99001 to 100000 in order")
        if case .stopped = last.status {} else if case .live = last.status {} else {
            Issue.record("status \(last.status)")
        }
        let frame = DeckRenderer.render(window)
        #expect(frame.lineText(frame.size.height - 3).trimmingCharacters(in: .whitespaces) == "100000", "\(frame.lineText(frame.size.height - 3))")
        try await client.shutdown()
        await fixture.close()
    }

    /// The same container restarted (docker's restart policy): the stream reconnects and
    /// delivers the new run's lines, nothing twice.
    @Test func theStreamReconnectsWhenTheContainerRestarts() async throws {
        let fixture = try await StoreFixture.start()
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-logview-restart/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let id = try await daemon.runContainer(image: image, command: ["sh", "-c", "echo run; sleep 1; exit 1"],
                                               labels: DockerDaemon.podLabels(namespace: "logs", pod: "flaky", uid: "uid-flaky", container: "web"),
                                               restart: "on-failure:2")
        try await fixture.seed("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "flaky", "namespace": "logs", "uid": "uid-flaky"},
             "spec": {"containers": [{"name": "web", "image": "busybox:1"}]},
             "status": {"containerStatuses": [{"name": "web", "containerID": "docker://\(id)", "state": {"running": {}}}]}}
            """)
        let client = try DockerClient(host: DockerHost(parsing: daemon.host))
        let state = try await follow(fixture, client, pod: PodKey(namespace: "logs", name: "flaky"), capacity: 100) {
            $0.ring.lines.filter { !$0.isMarker }.count >= 3
                && ($0.ring.lines.filter(\.isMarker).count >= 2 || $0.ring.lines.contains { $0.isMarker && $0.text.contains("last at") })
        }
        let lines = try #require(state.logs?.ring.lines)
        #expect(lines.filter { !$0.isMarker }.map(\.text) == ["run", "run", "run"])
        // Each restart is counted once: by a marker of its own, or, when the daemon's stream
        // carried the next run's lines before ending, by a marker counting the restarts since
        // the last one. (Where: at the reconnection; a line the daemon still sent on the stopped
        // run's stream can precede it, so the position is not asserted.)
        let markers = lines.filter(\.isMarker)
        let counted = markers.map { marker -> Int in
            marker.text.contains("restarted 2 times, last at") ? 2 : marker.text.contains("restarted at") ? 1 : 0
        }
        #expect(counted.reduce(0, +) == 2 && !counted.contains(0), "\(lines.map { $0.timestamp + " " + $0.text })")
        #expect(Set(markers.map(\.text)).count == markers.count, "different restarts, different start times")
        #expect(lines.first?.isMarker == false)
        try await client.shutdown()
        await fixture.close()
    }
}

@Suite("logs view state and rendering")
struct LogViewUnitTests {
    func viewWith(_ count: Int, capacity: Int = 100, height: Int = 14) -> AppState {
        var state = makeState(width: 60, height: height)
        state.logSettings.maxLines = capacity
        _ = DeckUpdate.update(&state, .containers(.resolved(PodKey(namespace: "ns", name: "web"), .logs, names: ["web"], error: nil)))
        let entries = (1...count).map { LogEntry(stream: $0 % 10 == 0 ? .stderr : .stdout, timestamp: "2026-01-01T00:00:00.\($0)Z", text: "line \($0)") }
        _ = DeckUpdate.update(&state, .containers(.lines(session: state.logs!.session, entries, skipped: 0)))
        return state
    }

    @Test func theRingKeepsTheLastLinesInOrder() {
        var ring = LogRing(capacity: 3)
        ring.append(contentsOf: (1...5).map { LogEntry(text: "\($0)") })
        #expect(ring.lines.map(\.text) == ["3", "4", "5"])
        #expect(ring.firstSequence == 2 && ring.endSequence == 5)
        ring.skip(10)
        ring.append(contentsOf: (16...18).map { LogEntry(text: "\($0)") })
        #expect(ring.lines.map(\.text) == ["16", "17", "18"])
        #expect(ring.firstSequence == 15)
    }

    @Test func followingShowsTheLastLinesAndPausingKeepsThePosition() throws {
        var state = viewWith(50)
        var frame = DeckRenderer.render(state)
        #expect(frame.lineText(11).hasPrefix("line 50"))
        _ = DeckUpdate.update(&state, .key(.char(" ")))
        #expect(state.logs?.following == false)
        let more = (51...60).map { LogEntry(text: "line \($0)") }
        _ = DeckUpdate.update(&state, .containers(.lines(session: state.logs!.session, more, skipped: 0)))
        frame = DeckRenderer.render(state)
        #expect(frame.lineText(11).hasPrefix("line 50"), "paused: the view stays")
        #expect(frame.lineText(0).contains("paused (10 new)"))
        _ = DeckUpdate.update(&state, .key(.char("G")))
        frame = DeckRenderer.render(state)
        #expect(frame.lineText(11).hasPrefix("line 60"))
    }

    @Test func searchFindsHighlightsAndStepsThroughMatches() throws {
        var state = viewWith(50)
        _ = DeckUpdate.update(&state, .key(.char("g")))
        _ = DeckUpdate.update(&state, .key(.char("/")))
        for c in "line 1" { _ = DeckUpdate.update(&state, .key(.char(c))) }
        _ = DeckUpdate.update(&state, .key(.enter))
        let logs = try #require(state.logs)
        #expect(logs.query == "line 1")
        #expect(logs.following == false)
        let first = try #require(logs.match)
        #expect(first == 0)
        _ = DeckUpdate.update(&state, .key(.char("n")))
        let second = try #require(state.logs?.match)
        #expect(second > first)
        _ = DeckUpdate.update(&state, .key(.char("N")))
        #expect(state.logs?.match == first)
        let frame = DeckRenderer.render(state)
        #expect(frame.lineText(0).contains("Logs ns/web › web"))
    }

    @Test func timestampsWrapAndHostileTextAreShownSafely() throws {
        var state = viewWith(3)
        let hostile = LogEntry(text: Sanitizer.clean("\u{1b}[2Jcleared? " + String(repeating: "x", count: 100)))
        _ = DeckUpdate.update(&state, .containers(.lines(session: state.logs!.session, [hostile], skipped: 0)))
        _ = DeckUpdate.update(&state, .key(.char("t")))
        _ = DeckUpdate.update(&state, .key(.char("w")))
        let frame = DeckRenderer.render(state)
        let text = (0..<frame.size.height).map { frame.lineText($0) }.joined(separator: "\n")
        #expect(text.contains("^[[2Jcleared?"))
        #expect(text.contains("2026-01-01T00:00:00.3Z line 3"))
        #expect(!text.contains("\u{1b}"))
    }

    @Test func longLinesScrollSidewaysWhenNotWrapped() throws {
        var state = viewWith(2)
        let long = LogEntry(text: (0..<20).map { "col\($0 * 10)".padding(toLength: 10, withPad: ".", startingAt: 0) }.joined())
        _ = DeckUpdate.update(&state, .containers(.lines(session: state.logs!.session, [long], skipped: 0)))
        var frame = DeckRenderer.render(state)
        #expect(frame.lineText(4).hasPrefix("col0......col10"), "\(frame.lineText(4))")
        _ = DeckUpdate.update(&state, .key(.right))
        #expect(state.logs?.left == 30)
        frame = DeckRenderer.render(state)
        #expect(frame.lineText(4).hasPrefix("col30.....col40"), "\(frame.lineText(4))")
        #expect(frame.lineText(2).trimmingCharacters(in: .whitespaces).isEmpty, "short lines scroll out of sight too, as in less -S")
        state.size.width = 120
        #expect(DeckRenderer.render(state).lineText(0).contains("from column 31"))
        state.size.width = 60
        _ = DeckUpdate.update(&state, .key(.char("h")))
        _ = DeckUpdate.update(&state, .key(.left))
        #expect(state.logs?.left == 0)
        _ = DeckUpdate.update(&state, .key(.right))
        _ = DeckUpdate.update(&state, .key(.char("w")))
        #expect(state.logs?.left == 0, "wrapping shows whole lines again")
        _ = DeckUpdate.update(&state, .key(.right))
        #expect(state.logs?.left == 0)
        #expect(state.message?.text.contains("wrap") == true)
    }

    @Test func aRestartMarkerCountsTheRestartsSinceTheLastConnection() throws {
        let json = #"{"Id":"3f2a","Name":"/web","RestartCount":3,"Config":{"Labels":null},"State":{"Running":true,"StartedAt":"2026-01-01T00:00:09Z\u001b[2J"}}"#
        let info = try JSONDecoder().decode(ContainerInfo.self, from: Data(json.utf8))
        #expect(info.restartCount == 3)
        #expect(LogFeed.restartMarker("3f2a", info, restartsBefore: 1).text == "──── container 3f2a restarted 2 times, last at 2026-01-01T00:00:09Z^[[2J ────")
        #expect(LogFeed.restartMarker("3f2a", info, restartsBefore: 2).text == "──── container 3f2a restarted at 2026-01-01T00:00:09Z^[[2J ────")
        // `docker restart` leaves the count alone: still one restart.
        #expect(LogFeed.restartMarker("3f2a", info, restartsBefore: 3).text == "──── container 3f2a restarted at 2026-01-01T00:00:09Z^[[2J ────")
    }

    @Test func aRestartMarkerIsShownApartFromTheContainersLines() throws {
        var state = viewWith(2)
        _ = DeckUpdate.update(&state, .containers(.lines(session: state.logs!.session, [.marker("container 3f2a restarted at 2026-01-01T00:00:01Z")], skipped: 0)))
        let frame = DeckRenderer.render(state)
        #expect(frame.lineText(4).hasPrefix("──── container 3f2a restarted"), "\(frame.lineText(4))")
        #expect(frame[x: 0, y: 4].style.fg == state.theme[.info].fg)
    }

    @Test func aPodWithSeveralContainersAsksWhich() {
        var state = makeState()
        let pod = PodKey(namespace: "ns", name: "web")
        _ = DeckUpdate.update(&state, .containers(.resolved(pod, .logs, names: ["web", "sidecar"], error: nil)))
        #expect(state.picker?.names == ["web", "sidecar"])
        _ = DeckUpdate.update(&state, .key(.char("j")))
        let effects = DeckUpdate.update(&state, .key(.enter))
        #expect(state.picker == nil)
        #expect(state.logs?.container == "sidecar")
        #expect(effects == [.containers(.startLogs(session: state.logs!.session, pod: pod, container: "sidecar"))])
        let closed = DeckUpdate.update(&state, .key(.escape))
        #expect(state.logs == nil)
        #expect(closed == [.containers(.stopLogs(session: 1))])
    }
}

@testable import Ops
import Probes
import Testing

private let web = PodKey(namespace: "shop", name: "web")
private let api = PodKey(namespace: "shop", name: "api")

private func key(_ pod: PodKey, _ container: String = "app", _ kind: ProbeKind = .liveness) -> ProbeKey {
    ProbeKey(pod: pod.description, container: container, kind: kind)
}

private func httpDefinition(_ path: String = "/healthz", failureThreshold: Int = 3,
                            successThreshold: Int = 1) throws -> ProbeDefinition {
    try ProbeDefinition(handler: .httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: path)),
                        failureThreshold: failureThreshold)
}

/// Builds the updates a scheduler would send for one probe.
private struct ProbeScript {
    let key: ProbeKey
    let definition: ProbeDefinition
    var tracker: ProbeTracker
    var clock = Duration.zero

    init(_ key: ProbeKey, _ definition: ProbeDefinition) {
        self.key = key
        self.definition = definition
        tracker = ProbeTracker(kind: key.kind, definition: definition)
    }

    var started: ProbeUpdate { ProbeUpdate(key: key, event: .started, tracker: tracker, definition: definition) }
    var stopped: ProbeUpdate { ProbeUpdate(key: key, event: .stopped, tracker: tracker, definition: definition) }

    mutating func result(_ outcome: ProbeOutcome, _ message: String = "", latency: Duration = .milliseconds(3)) -> ProbeUpdate {
        clock += .seconds(10)
        let transition = tracker.record(ProbeResult(outcome: outcome, message: message, latency: latency,
                                                    at: ProbeInstant(offset: clock)))
        return ProbeUpdate(key: key, event: .result, tracker: tracker, transition: transition, definition: definition)
    }
}

@Suite("probe board: PROBE cells, details, failing pods")
struct ProbeBoardTests {
    @Test func podsWithoutProbesShowNone() {
        let board = ProbeBoard()
        #expect(board.cell(for: web) == .none)
        #expect(board.summary(for: web) == .none)
        #expect(board.summary(for: web).text == "none")
        #expect(board.failingPods == 0)
    }

    @Test func aProbeGoesFromUnknownToOkToFailingWithinItsThreshold() throws {
        var board = ProbeBoard()
        var script = ProbeScript(key(web), try httpDefinition())
        board.apply(script.started)
        #expect(board.cell(for: web) == .unknown)
        board.apply(script.result(.success, "HTTP 200"))
        #expect(board.cell(for: web) == .ok)
        #expect(board.cell(for: web).description == "ok")
        board.apply(script.result(.failure, "HTTP probe failed with statuscode: 503"))
        // Still healthy by Kubernetes rules, but the cell already says failing.
        #expect(script.tracker.state == .ok)
        #expect(board.cell(for: web) == .failing(count: 1, threshold: 3))
        #expect(board.cell(for: web).description == "failing 1/3")
        #expect(board.failingPods == 1)
        board.apply(script.result(.failure))
        board.apply(script.result(.failure))
        #expect(board.cell(for: web).description == "failing 3/3")
        board.apply(script.result(.failure))
        #expect(board.cell(for: web).description == "failing 3/3", "the count stops at the threshold")
        #expect(board.failingPods == 1)
        board.apply(script.result(.warning, "probe terminated redirects (HTTP 302)"))
        #expect(board.cell(for: web) == .warning)
        #expect(board.failingPods == 0)
    }

    @Test func theCellIsTheWorstProbeOfThePod() throws {
        var board = ProbeBoard()
        var live = ProbeScript(key(web, "app", .liveness), try httpDefinition("/livez"))
        var ready = ProbeScript(key(web, "app", .readiness), try httpDefinition("/readyz", failureThreshold: 2))
        var sidecar = ProbeScript(key(web, "proxy", .liveness), try httpDefinition("/proxy"))
        board.apply([live.started, ready.started, sidecar.started])
        board.apply([live.result(.success), ready.result(.success), sidecar.result(.warning)])
        #expect(board.cell(for: web) == .warning)
        board.apply(sidecar.result(.unknown, "container not running"))
        #expect(board.cell(for: web) == .unknown)
        board.apply(live.result(.failure))
        #expect(board.cell(for: web) == .failing(count: 1, threshold: 3))
        board.apply(ready.result(.failure))
        // 1/2 is a larger share of its threshold than 1/3.
        #expect(board.cell(for: web) == .failing(count: 1, threshold: 2))
        board.apply(ready.result(.failure))
        #expect(board.cell(for: web).description == "failing 2/2")
        #expect(board.failingPods == 1)
        #expect(board.probeCount == 3)

        let summary = board.summary(for: web)
        #expect(summary.details.map(\.key) == [key(web, "app", .liveness), key(web, "app", .readiness),
                                               key(web, "proxy", .liveness)])
        #expect(summary.details.map(\.stateText) == ["ok (failing 1/3)", "failing", "unknown"])
    }

    @Test func failingPodsCountsPodsNotProbes() throws {
        var board = ProbeBoard()
        var webLive = ProbeScript(key(web, "app", .liveness), try httpDefinition(failureThreshold: 1))
        var webReady = ProbeScript(key(web, "app", .readiness), try httpDefinition(failureThreshold: 1))
        var apiLive = ProbeScript(key(api), try httpDefinition(failureThreshold: 1))
        board.apply([webLive.started, webReady.started, apiLive.started])
        board.apply([webLive.result(.failure), webReady.result(.failure), apiLive.result(.success)])
        #expect(board.failingPods == 1)
        board.apply(apiLive.result(.failure))
        #expect(board.failingPods == 2)
        board.apply(webLive.stopped)
        #expect(board.failingPods == 2, "web still has a failing readiness probe")
        board.apply(webReady.stopped)
        #expect(board.failingPods == 1)
        #expect(board.cell(for: web) == .none)
        #expect(board.podCount == 1)
        board.removeAll()
        #expect(board.failingPods == 0)
        #expect(board.probeCount == 0)
    }

    @Test func detailsCarryEverythingTheDetailViewShows() throws {
        var board = ProbeBoard()
        var script = ProbeScript(key(web), try httpDefinition())
        board.apply(script.started)
        for n in 1...70 { board.apply(script.result(.success, "HTTP 200", latency: .milliseconds(n))) }
        board.apply(script.result(.failure, "HTTP probe failed with statuscode: 500", latency: .microseconds(1500)))
        let detail = try #require(board.summary(for: web).details.first)
        #expect(detail.container == "app")
        #expect(detail.kind == .liveness)
        #expect(detail.handlerName == "httpGet")
        #expect(detail.target == "GET http://10.0.0.7:8080/healthz")
        #expect(detail.reason == nil)
        #expect(detail.state == .ok)
        #expect(detail.lastOutcome == .failure)
        #expect(detail.lastMessage == "HTTP probe failed with statuscode: 500")
        #expect(detail.latency == .microseconds(1500))
        #expect(detail.consecutiveFailures == 1)
        #expect(detail.consecutiveSuccesses == 0)
        #expect(detail.lastTransition == ProbeInstant(offset: .seconds(10)), "unknown → ok at the first result")
        #expect(detail.latencies.count == 60)
        #expect(detail.latencies.first == .milliseconds(12))
        #expect(detail.latencyMilliseconds.last == 1.5)
        #expect(board.detail(for: key(web)) == detail)
    }

    @Test func resultsWithoutADefinitionKeepTheOneFromTheStart() throws {
        var board = ProbeBoard()
        var script = ProbeScript(key(web), try httpDefinition())
        board.apply(script.started)
        var bare = script.result(.success)
        bare.definition = nil
        board.apply(bare)
        #expect(board.detail(for: key(web))?.target == "GET http://10.0.0.7:8080/healthz")
    }
}

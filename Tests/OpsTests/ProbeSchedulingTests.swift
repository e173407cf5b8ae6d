@testable import Ops
import PodModel
import Probes
import Testing

/// Planner output fed to a real scheduler on a manual clock, folded into a board: what the
/// dashboard does after every sync.
@Suite("planned probes on the scheduler")
struct ProbeSchedulingTests {
    let clock = ManualClock()
    let prober = ScriptedProber()

    private func web(path: String = "/healthz") throws -> PodRecord {
        try probePod("shop", "web", probes: """
            "livenessProbe": {"httpGet": {"path": "\(path)", "port": "http"}, "periodSeconds": 10, "failureThreshold": 2}
            """)
    }

    private func db() throws -> PodRecord {
        try probePod("shop", "db", probes: #""readinessProbe": {"tcpSocket": {"port": 5432}, "periodSeconds": 10}"#,
                     podIP: "10.0.0.9")
    }

    private let webKey = ProbeKey(pod: "shop/web", container: "web", kind: .liveness)
    private let dbKey = ProbeKey(pod: "shop/db", container: "web", kind: .readiness)

    /// Advances the clock to the probe's next run and returns its result update.
    private func runOnce(_ scheduler: ProbeScheduler, _ collector: ProbeUpdateCollector, _ key: ProbeKey,
                         board: inout ProbeBoard) async throws -> ProbeUpdate {
        guard let first = await scheduler.firstRun(for: key) else { throw ProbeTestError("\(key) is not scheduled") }
        let period = Duration.seconds(10)
        var tick = first
        while tick <= clock.now { tick = tick + period }
        // Every probe's loop must be asleep before the clock moves: a loop that starts after the
        // clock passed its first tick waits for the tick after.
        await clock.waitForSleepers(await scheduler.keys.count)
        clock.advance(to: tick)
        let update = try await collector.next { $0.key == key && $0.event == .result }
        board.apply(update)
        return update
    }

    @Test func anEditedProbeSpecRestartsItsProbeAndAVanishedPodStopsIt() async throws {
        let scheduler = ProbeScheduler(prober: prober, clock: clock)
        let collector = ProbeUpdateCollector(scheduler.updates, what: "probe update")
        var board = ProbeBoard()

        await scheduler.update(probes: ProbePlanner.plan(records: [try web(), try db()]))
        for key in [webKey, dbKey] {
            board.apply(try await collector.next { $0.key == key && $0.event == .started })
        }
        #expect(await scheduler.keys == [webKey, dbKey])
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .unknown)

        // The web probe fails twice (its threshold): the pod turns failing.
        let oldHandler = Probes.ProbeHandler.httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: "/healthz"))
        prober.set(.failure, for: oldHandler)
        var update = try await runOnce(scheduler, collector, webKey, board: &board)
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .failing(count: 1, threshold: 2))
        update = try await runOnce(scheduler, collector, webKey, board: &board)
        #expect(update.tracker.state == .failing)
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .failing(count: 2, threshold: 2))
        #expect(board.failingPods == 1)
        _ = try await runOnce(scheduler, collector, dbKey, board: &board)
        #expect(board.cell(for: PodKey(namespace: "shop", name: "db")) == .ok)

        // An unchanged plan changes nothing; an edited path restarts the probe with fresh state.
        await scheduler.update(probes: ProbePlanner.plan(records: [try web(), try db()]))
        let edited = try web(path: "/livez")
        await scheduler.update(probes: ProbePlanner.plan(records: [edited, try db()]))
        let restarted = try await collector.next { $0.event == .started }
        #expect(restarted.key == webKey)
        #expect(restarted.tracker.resultCount == 0)
        #expect(restarted.definition?.handler == .httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: "/livez")))
        board.apply(restarted)
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .unknown)
        #expect(board.failingPods == 0)
        #expect(board.summary(for: PodKey(namespace: "shop", name: "web")).details.first?.target
                == "GET http://10.0.0.7:8080/livez")

        let calledBefore = prober.calls(oldHandler)
        update = try await runOnce(scheduler, collector, webKey, board: &board)
        #expect(update.tracker.resultCount == 1)
        #expect(update.tracker.state == .ok)
        #expect(prober.calls(oldHandler) == calledBefore, "the old target is no longer probed")
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .ok)

        // The db pod vanishes from etcd: its probe stops and the board forgets it.
        await scheduler.update(probes: ProbePlanner.plan(records: [edited]))
        let stopped = try await collector.next { $0.event == .stopped }
        #expect(stopped.key == dbKey)
        board.apply(stopped)
        #expect(await scheduler.keys == [webKey])
        #expect(board.cell(for: PodKey(namespace: "shop", name: "db")) == .none)
        #expect(board.summary(for: PodKey(namespace: "shop", name: "db")) == .none)
        let dbHandler = Probes.ProbeHandler.tcp(host: "10.0.0.9", port: 5432)
        let dbCalls = prober.calls(dbHandler)
        // Everything sent before `.stopped` has reached the collector by now.
        let dbUpdates = await collector.untaken.filter { $0.key == dbKey }.count
        for _ in 0..<3 { _ = try await runOnce(scheduler, collector, webKey, board: &board) }
        #expect(prober.calls(dbHandler) == dbCalls, "a stopped probe does not run again")
        #expect(await collector.untaken.filter { $0.key == dbKey }.count == dbUpdates, "nor reports anything")
        await scheduler.shutdown()
    }

    @Test func aPodThatLosesItsIPTurnsUnknownWithTheReason() async throws {
        let scheduler = ProbeScheduler(prober: prober, clock: clock)
        let collector = ProbeUpdateCollector(scheduler.updates, what: "probe update")
        var board = ProbeBoard()
        await scheduler.update(probes: ProbePlanner.plan(records: [try web()]))
        board.apply(try await collector.next { $0.event == .started })
        _ = try await runOnce(scheduler, collector, webKey, board: &board)
        #expect(board.cell(for: PodKey(namespace: "shop", name: "web")) == .ok)

        let noIP = try probePod("shop", "web", probes: """
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10, "failureThreshold": 2}
            """, podIP: nil)
        await scheduler.update(probes: ProbePlanner.plan(records: [noIP]))
        board.apply(try await collector.next { $0.event == .started })
        _ = try await runOnce(scheduler, collector, webKey, board: &board)
        let summary = board.summary(for: PodKey(namespace: "shop", name: "web"))
        #expect(summary.cell == .unknown)
        #expect(summary.details.first?.lastMessage == "pod has no IP")
        await scheduler.shutdown()
    }
}

/// A test precondition that did not hold.
struct ProbeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

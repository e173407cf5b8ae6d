import Foundation
import Synchronization
import Testing
import TestSupport

/// One `poddeck patch` of the writer loop and how it ended.
struct WriteAttempt: Sendable {
    /// Sequence number; the write sets annotation `drill.poddeck.io/w<n>` to `v<n>`.
    var number: Int
    /// Exit status, or nil when the process had to be killed (it hung).
    var status: Int32?
    /// What it printed on stderr.
    var stderr: String
    /// When it started.
    var started: ContinuousClock.Instant
}

/// The writer loop's attempts so far, shared with the test that watches them.
final class WriteLog: Sendable {
    private let attempts = Mutex<[WriteAttempt]>([])

    func append(_ attempt: WriteAttempt) { attempts.withLock { $0.append(attempt) } }

    var all: [WriteAttempt] { attempts.withLock { $0 } }

    /// Writes that exited 0 and started after `instant`.
    func succeeded(since instant: ContinuousClock.Instant) -> Int {
        attempts.withLock { $0.filter { $0.status == 0 && $0.started >= instant }.count }
    }

    /// Writes that did not exit 0 and started after `instant`.
    func failed(since instant: ContinuousClock.Instant) -> Int {
        attempts.withLock { $0.filter { $0.status != 0 && $0.started >= instant }.count }
    }
}

extension Drills {
    /// The member whose address the dashboard's first header line names.
    func memberShown(_ screen: String, _ cluster: EtcdCluster) -> EtcdServer? {
        let header = firstLine(screen)
        return cluster.members.first { header.contains("etcd 127.0.0.1:\($0.clientPort) ") }
    }

    @Test func failoverLosesNoAcknowledgedWrite() async throws {
        let cluster = try await EtcdCluster.start()
        defer { cluster.stop() }
        let endpoints = cluster.endpoints
        let ns = "failover"
        let seeded = try await PodDeckBinary.run(["seed", "--count", "20", "--namespaces", "2", "--endpoints", endpoints])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let applied = try await PodDeckBinary.run(["apply", "-f", "-", "--endpoints", endpoints], stdin: drillPod(ns, "target"))
        #expect(applied.status == 0, "\(applied.stderr)")

        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(endpoints) --poll-interval 500ms --no-probes",
                                        width: 160, height: 40)
        defer { tui.stop() }
        let first = try await tui.waitFor("the list, live") { $0.contains("● live") && $0.contains("21 pods") }
        let firstInUse = try #require(memberShown(first, cluster), "header names a member:\n\(firstLine(first))")

        // The writer loop: one patch after another, each adding its own annotation.
        let log = WriteLog()
        let writer = Task {
            var n = 0
            while !Task.isCancelled {
                n += 1
                let started = ContinuousClock.now
                let patch = #"{"metadata":{"annotations":{"drill.poddeck.io/w\#(n)":"v\#(n)"}}}"#
                do {
                    let r = try await PodDeckBinary.run(["patch", "pod", "\(ns)/target", "--merge", patch,
                                                         "--endpoints", endpoints, "--timeout", "2s"], timeout: .seconds(30))
                    log.append(WriteAttempt(number: n, status: r.status, stderr: r.stderr, started: started))
                } catch {
                    log.append(WriteAttempt(number: n, status: nil, stderr: "\(error)", started: started))
                }
            }
        }
        defer { writer.cancel() }
        let start = ContinuousClock.now
        try await waitUntil("two writes to succeed before any fault", timeout: .seconds(30)) { log.succeeded(since: start) >= 2 }

        // Fault 1: the member in use dies.
        let kill1 = ContinuousClock.now
        firstInUse.kill()
        let switched = try await tui.waitFor("the header to name another member, live", timeout: .seconds(20)) { screen in
            guard let m = memberShown(screen, cluster) else { return false }
            return m !== firstInUse && screen.contains("● live") || screen.contains("[exited")
        }
        #expect(!switched.contains("[exited"), "the dashboard keeps running:\n\(switched)")
        let switchTime = ContinuousClock.now - kill1
        let secondInUse = try #require(memberShown(switched, cluster))
        try await waitUntil("two writes to succeed with one member down", timeout: .seconds(30)) { log.succeeded(since: kill1) >= 2 }

        // Fault 2: the member now in use dies too; no quorum.
        let kill2 = ContinuousClock.now
        secondInUse.kill()
        let stale = try await tui.waitFor("the stale banner", timeout: .seconds(30)) { $0.contains("etcd unreachable") || $0.contains("[exited") }
        #expect(!stale.contains("[exited"), "the dashboard keeps running:\n\(stale)")
        #expect(stale.contains("STALE"))
        #expect(stale.contains("21 pods"), "the last data stays on screen")
        let readStart = ContinuousClock.now
        let read = try await PodDeckBinary.run(["get", "pods", "-A", "--endpoints", endpoints, "--timeout", "2s"], timeout: .seconds(30))
        let readTime = ContinuousClock.now - readStart
        #expect(read.status == 1, "no quorum: get exits 1, got \(read.status): \(read.stderr)")
        let readError = read.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(readError.split(separator: "\n").count == 1, "one line: \(read.stderr)")
        #expect(readError.hasPrefix("poddeck: "), "\(read.stderr)")
        #expect(readError.contains("127.0.0.1:"), "says where: \(read.stderr)")
        try await waitUntil("a write to fail without quorum", timeout: .seconds(30)) { log.failed(since: kill2) >= 1 }

        // Both come back.
        try await firstInUse.restart(wait: false)
        try await secondInUse.restart(wait: false)
        try await firstInUse.waitUntilHealthy()
        try await secondInUse.waitUntilHealthy()
        try await cluster.waitForLeader()
        let quorumBack = ContinuousClock.now
        let live = try await tui.waitFor("the list live within 3 s of quorum", timeout: .seconds(3)) {
            $0.contains("● live") && !$0.contains("etcd unreachable")
        }
        let recoverTime = ContinuousClock.now - quorumBack
        #expect(live.contains("21 pods"))
        try await waitUntil("two writes to succeed after recovery", timeout: .seconds(30)) { log.succeeded(since: quorumBack) >= 2 }
        writer.cancel()
        await writer.value

        // Every acknowledged write is in etcd; every failed write said why.
        let attempts = log.all
        let stored = try await cluster.members[0].etcdctl(["get", "/registry/pods/\(ns)/target", "--print-value-only"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [String: Any])
        let annotations = ((object["metadata"] as? [String: Any])?["annotations"] as? [String: String]) ?? [:]
        let acknowledged = attempts.filter { $0.status == 0 }
        for a in acknowledged {
            #expect(annotations["drill.poddeck.io/w\(a.number)"] == "v\(a.number)", "write \(a.number) reported success but is not in etcd")
        }
        let failed = attempts.filter { $0.status != 0 }
        for a in failed {
            #expect(a.status == 1, "write \(a.number) exited \(a.status.map(String.init) ?? "never (hung)"): \(a.stderr)")
            #expect(a.stderr.hasPrefix("poddeck: ") && a.stderr.count > 20, "write \(a.number) failed without saying why: \(a.stderr)")
        }
        #expect(!failed.isEmpty, "writes without quorum fail")
        let final = try await tui.capture()
        #expect(!final.contains("[exited"))
        try await tui.type("q")
        try await tui.waitFor(text: "[exited 0 ]")

        let reasons = Set(failed.map { $0.stderr.split(separator: "\n").first.map(String.init) ?? "" }).sorted()
        print("failover: write failures said: \(reasons)")
        DrillReport.record(
            drill: "Failover",
            injected: "3-member etcd; SIGKILL the member in use, then the next one (no quorum), then restart both; dashboard + a patch loop running",
            held: "dashboard never exited; header switched member in \(DrillReport.seconds(switchTime)); list live again "
                + "\(DrillReport.seconds(recoverTime)) after quorum (limit 3 s); \(acknowledged.count)/\(attempts.count) writes acknowledged, "
                + "all \(acknowledged.count) in etcd; \(failed.count) failed, each exit 1 with a reason; "
                + "no-quorum `get` exit 1 in \(DrillReport.seconds(readTime)) (--timeout 2s)")
    }
}

import Foundation
import Testing
import TestSupport

/// What an open dashboard costs etcd while nothing changes, counted by etcd's own `/metrics`.
@Suite("an idle dashboard is quiet (etcd request counts)", .serialized)
struct DashboardIdleEndToEndTests {
    /// Waits until etcd has served `polls` more Range calls than `start` did, and returns the
    /// reading then with the seconds that took.
    private func waitForRanges(_ etcd: EtcdServer, after start: EtcdMetrics, polls: Double,
                               timeout: Duration = .seconds(60)) async throws -> (EtcdMetrics, Double) {
        let began = ContinuousClock.now
        var reading = start
        try await waitUntil("\(Int(polls)) more Range calls", timeout: timeout, every: .milliseconds(100)) {
            reading = try await EtcdMetrics.read(etcd)
            return reading.handled("Range") - start.handled("Range") >= polls
        }
        let elapsed = began.duration(to: .now)
        return (reading, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test func withAHealthyWatchEachPollIsOneSingleKeyRead() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let seeded = try await poddeck(etcd, ["seed", "--count", "2000"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let interval = 0.25
        let dir = try TempDirectory.make(prefix: "idle")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) -A --no-probes --poll-interval 250ms --log-level debug 2>\(dir)/log",
            width: 120, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("every pod listed, watching") { $0.contains("2000 pods") && $0.contains("watch") }
        // Let the first listing and the watch settle: the first cheap check has run.
        let settled = try await EtcdMetrics.read(etcd)
        let (start, _) = try await waitForRanges(etcd, after: settled, polls: 2)

        let (end, seconds) = try await waitForRanges(etcd, after: start, polls: 12)
        let ranges = end.handled("Range") - start.handled("Range")
        // At most one request per poll period, plus one at each edge of the window and one read
        // retried on a loaded machine, plus one for each attempt the client gave up on (etcd counts
        // it when it completes, which after a stall can be inside the window however long it is):
        // a busy loop makes hundreds a second.
        let failedCalls = ((try? String(contentsOfFile: "\(dir)/log", encoding: .utf8)) ?? "")
            .split(separator: "\n").filter { $0.contains("call failed") }
        #expect(ranges <= seconds / interval + 3 + Double(failedCalls.count),
                "\(ranges) Range calls in \(seconds)s with a 250ms poll; \(failedCalls.count) calls failed: \(failedCalls.prefix(3))")
        // No watch is cancelled and made again while nothing fails.
        #expect(end.started("Watch") == start.started("Watch"), "watch streams were re-created")
        #expect(end.handled("Watch") == start.handled("Watch"), "watch streams ended")
        #expect(end.handled("Txn") == start.handled("Txn"))
        // The connection to a healthy etcd is never given up.
        let log = (try? String(contentsOfFile: "\(dir)/log", encoding: .utf8)) ?? ""
        #expect(!log.contains("set aside"), "the endpoint was set aside: \(log.split(separator: "\n").filter { $0.contains("set aside") }.prefix(3))")
        // Each poll reads one key: a key listing of 2,000 pods would send tens of kilobytes.
        let sent = end.sentBytes - start.sentBytes
        #expect(sent <= ranges * 200, "\(sent) bytes sent to the dashboard for \(ranges) polls")

        // A change still reaches the screen, through the watch, without a listing.
        let before = try await EtcdMetrics.read(etcd)
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"late-arrival","namespace":"default"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}"#
        try await etcd.put("/registry/pods/default/late-arrival", pod)
        try await tui.waitFor("the new pod") { $0.contains("2001 pods") }
        let (after, _) = try await waitForRanges(etcd, after: before, polls: 3)
        #expect(after.sentBytes - before.sentBytes <= 3 * 200 + 4_000,
                "\(after.sentBytes - before.sentBytes) bytes: the change was listed, not watched")
        #expect(after.started("Watch") == before.started("Watch"))
        try await tui.type("q")
    }

    @Test func withoutAWatchThePollListsKeysOncePerPeriod() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let seeded = try await poddeck(etcd, ["seed", "--count", "200"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) -A --no-probes --no-watch --poll-interval 250ms",
            width: 120, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("every pod listed") { $0.contains("200 pods") }
        let settled = try await EtcdMetrics.read(etcd)
        let (start, _) = try await waitForRanges(etcd, after: settled, polls: 1)
        let (end, seconds) = try await waitForRanges(etcd, after: start, polls: 8)
        let ranges = end.handled("Range") - start.handled("Range")
        // As above: one per period, the two edges, one retried read.
        #expect(ranges <= seconds / 0.25 + 3, "\(ranges) Range calls in \(seconds)s with a 250ms poll")
        #expect(end.started("Watch") == start.started("Watch"))
        try await etcd.put("/registry/pods/default/polled",
                           #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"polled","namespace":"default"}}"#)
        try await tui.waitFor("the new pod, by polling") { $0.contains("201 pods") }
        try await tui.type("q")
    }
}

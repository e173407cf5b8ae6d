import Foundation
import Testing
import TestSupport

/// Switching namespaces with `:ns` shows exactly what etcd holds, however the switch falls
/// between polls and watch events.
@Suite("namespace switches in the dashboard", .serialized)
struct DashboardNamespaceEndToEndTests {
    @Test func switchingBackAndForthNeverLosesPods() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        // 300 pods over 6 namespaces: 50 in each.
        let seeded = try await poddeck(etcd, ["seed", "--count", "300"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let listed = try await poddeck(etcd, ["get", "pods", "-n", "search", "-o", "name"])
        #expect(listed.stdout.split(separator: "\n").count == 50)
        // A short poll period keeps a poll in flight at almost every switch.
        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) -A --no-probes --poll-interval 100ms", width: 120, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("every pod") { $0.contains("300 pods") }
        for round in 0..<4 {
            let namespace = ["search", "payments", "checkout", "search"][round]
            try await tui.type(":ns \(namespace)")
            try await tui.send("Enter")
            try await tui.waitFor("the 50 pods of \(namespace) (round \(round))") { $0.contains("50 pods") && $0.contains(namespace) }
            try await tui.type(":ns all")
            try await tui.send("Enter")
            try await tui.waitFor("all 300 pods again (round \(round))") { $0.contains("300 pods") }
        }
        // The filter finds the namespace's pods in the full list.
        try await tui.type("/search/")
        try await tui.send("Enter")
        try await tui.waitFor("the filter over every namespace") { $0.contains("300 pods") && $0.contains("/search/ → 50") }
        try await tui.type("q")
    }
}

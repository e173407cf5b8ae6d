import Foundation
import Testing
import TestSupport

/// `:ctx` in the dashboard against two real etcd servers: the listing says which answer, and a
/// switch shows the other cluster's pods and nothing of the first's.
@Suite("contexts in the dashboard", .serialized)
struct DashboardContextEndToEndTests {
    /// Writes pod `name` in namespace `shop` to `etcd` with the real binary.
    func put(_ name: String, into etcd: EtcdServer) async throws {
        let doc = webPod.replacingOccurrences(of: "name: web\n  namespace: shop", with: "name: \(name)\n  namespace: shop")
        let r = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func switchingContextShowsTheOtherClusterAndNothingOfTheFirst() async throws {
        let blue = try await EtcdServer.start()
        defer { blue.stop() }
        let green = try await EtcdServer.start()
        defer { green.stop() }
        for name in ["blue-one", "blue-two", "blue-three"] { try await put(name, into: blue) }
        for name in ["green-one", "green-two"] { try await put(name, into: green) }
        let gonePort = try PortAllocator.freePort()
        let dir = try TempDirectory.make(prefix: "contexts")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = "\(dir)/config.yaml"
        try """
            # two clusters and one that is gone
            namespace: shop
            contexts:
              blue: {endpoints: "\(blue.clientURL)"}
              green: {endpoints: "\(green.clientURL)", readonly: true}
              gone: {endpoints: "http://127.0.0.1:\(gonePort)", dialTimeout: 300ms, timeout: 1s}
            currentContext: blue

            """.write(toFile: config, atomically: true, encoding: .utf8)

        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) --config \(config) --no-probes --poll-interval 300ms", width: 120, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("blue's pods under context blue") {
            $0.contains("ctx blue") && $0.contains("3 pods") && $0.contains("blue-three") && $0.contains("● live")
        }

        // Marks, a filter and a selection on blue.
        try await tui.send("Space")
        try await tui.waitFor(text: "● 1 marked")
        try await tui.type("/blue")
        try await tui.send("Enter")
        try await tui.waitFor(text: "filter /blue → 3")

        // The listing: both clusters answer, the third does not.
        try await tui.type(":ctx")
        try await tui.send("Enter")
        let listing = try await tui.waitFor("every context checked") { screen in
            screen.contains("Contexts") && screen.components(separatedBy: "✓ reachable").count - 1 == 2
                && screen.contains("✗ unreachable")
        }
        let lines = listing.split(separator: "\n").map(String.init)
        let row = { (name: String) in lines.first { $0.contains(" \(name) ") && $0.contains("127.0.0.1") } ?? "" }
        #expect(row("blue").contains("✓ reachable") && row("blue").contains("*"), "\(listing)")
        #expect(row("green").contains("✓ reachable") && row("green").contains("read-only"), "\(listing)")
        #expect(row("gone").contains("✗ unreachable"), "\(listing)")
        #expect(row("gone").contains("\(gonePort)"), "\(listing)")
        try await tui.send("Escape")
        try await tui.waitFor(text: "filter /blue → 3")

        // The switch: green's pods, none of blue's, no marks, no filter, read-only.
        try await tui.type(":ctx green")
        try await tui.send("Enter")
        let switched = try await tui.waitFor("green's pods under context green") {
            $0.contains("ctx green") && $0.contains("2 pods") && $0.contains("green-one") && $0.contains("green-two") && $0.contains("● live")
        }
        #expect(!switched.contains("blue-"), "\(switched)")
        #expect(!switched.contains("marked"), "\(switched)")
        #expect(!switched.contains("filter /"), "\(switched)")
        #expect(switched.contains("READ-ONLY"), "\(switched)")
        #expect(switched.contains("etcd 127.0.0.1:\(green.clientPort)"), "\(switched)")

        // A read-only context refuses a write, and etcd is not touched.
        try await tui.type("e")
        try await tui.waitFor(text: "read-only mode")

        // Blue changes after the switch; green changes after that. Once green's change is on
        // screen, blue's (older) one would have been too if anything of blue still fed the screen.
        try await put("blue-late", into: blue)
        try await put("green-late", into: green)
        let later = try await tui.waitFor("green's new pod") { $0.contains("green-late") && $0.contains("3 pods") }
        #expect(!later.contains("blue-"), "\(later)")

        // And back: blue's pods again, its new one included, none of green's.
        try await tui.type(":ctx blue")
        try await tui.send("Enter")
        let back = try await tui.waitFor("blue's four pods under context blue") {
            $0.contains("ctx blue") && $0.contains("4 pods") && $0.contains("blue-late") && $0.contains("● live")
        }
        #expect(!back.contains("green-"), "\(back)")
        #expect(!back.contains("READ-ONLY"), "\(back)")

        // An unknown context changes nothing and says which exist.
        try await tui.type(":ctx purple")
        try await tui.send("Enter")
        let refused = try await tui.waitFor("the refusal") { $0.contains("unknown context") }
        #expect(refused.contains("blue, green, gone"), "\(refused)")
        #expect(refused.contains("ctx blue") && refused.contains("blue-late"), "\(refused)")
        try await tui.type("q")
    }
}

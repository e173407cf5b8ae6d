import Foundation
import Testing
import TestSupport

/// The real binary in tmux against a real etcd with seeded pods.
@Suite("dashboard end to end in tmux", .serialized)
struct DashboardEndToEndTests {
    func seeded(_ etcd: EtcdServer, count: Int = 30) async throws {
        let r = try await PodDeckBinary.run(["seed", "--count", "\(count)", "--namespaces", "3", "--endpoints", etcd.clientURL])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func dashboard(_ etcd: EtcdServer, _ extra: String = "", width: Int = 120, height: Int = 40) async throws -> TmuxSession {
        try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) --poll-interval 500ms \(extra); stty -a | grep -o -E '(-?icanon|-?echo) '",
                        width: width, height: height)
    }

    @Test func listFilterSortDetailYAMLHelpResizeAndQuit() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await seeded(etcd)
        let names = try await PodDeckBinary.run(["get", "pods", "-A", "-o", "name", "--endpoints", etcd.clientURL]).stdout
            .split(separator: "\n").map(String.init)
        let target = names[7]
        let targetName = String(target.split(separator: "/")[1])
        let tui = try await dashboard(etcd)
        defer { tui.stop() }

        let first = try await tui.waitFor("the pod list") { $0.contains("NAMESPACE") && $0.contains("● live") }
        #expect(first.contains("etcd 127.0.0.1:\(etcd.clientPort)"))
        #expect(first.contains("30 pods"))

        // Filter by name.
        try await tui.type("/")
        try await tui.type(targetName)
        try await tui.waitFor("the filtered list") { $0.contains("→ 1") && $0.contains(targetName) }
        try await tui.send("Enter")
        // Details of the only row.
        try await tui.send("Enter")
        let detail = try await tui.waitFor("the detail view") { $0.contains("details") && $0.contains("Containers") }
        #expect(detail.contains(targetName))
        #expect(detail.contains("Conditions"))
        // YAML and search.
        try await tui.type("y")
        try await tui.waitFor(text: "apiVersion: v1")
        try await tui.type("/")
        try await tui.type("podIP")
        try await tui.send("Enter")
        try await tui.waitFor(text: "match")
        try await tui.send("Escape")
        try await tui.waitFor("the list again") { $0.contains("NAMESPACE") && $0.contains("filter /") }
        try await tui.send("Escape")
        try await tui.waitFor("the unfiltered list") { !$0.contains("filter /") && $0.contains("30 pods") }

        // Sort by restarts, then name.
        try await tui.type("R")
        try await tui.waitFor(text: "sort restarts ▲")
        try await tui.type("N")
        try await tui.waitFor(text: "sort name ▲")

        // Namespace switch.
        let ns = String(target.split(separator: "/")[0])
        try await tui.type(":")
        try await tui.type("ns \(ns)")
        try await tui.send("Enter")
        let scoped = try await tui.waitFor("namespace \(ns)") { $0.contains("ns \(ns)") && $0.contains("● live") && !$0.contains("NAMESPACE ") }
        #expect(scoped.contains(targetName) || scoped.contains("pods"))

        // Help, generated from the keymap.
        try await tui.type("?")
        try await tui.waitFor(text: "generated from the keymap")
        try await tui.send("Escape")

        // Resize to 80x24 and to too small.
        try await tui.resize(width: 80, height: 24)
        try await tui.waitFor("the 80-column layout") { screen in
            screen.contains("● live") && screen.split(separator: "\n").allSatisfy { $0.count <= 80 }
        }
        try await tui.resize(width: 50, height: 10)
        try await tui.waitFor(text: "Terminal too small")
        try await tui.resize(width: 120, height: 40)
        try await tui.waitFor(text: "● live")

        // Quit leaves a usable terminal.
        try await tui.type("q")
        let after = try await tui.waitFor(text: "[exited 0 ]")
        #expect(after.contains("icanon"))
        #expect(!after.contains("-icanon"))
        #expect(after.contains("echo"))
        #expect(!after.contains("-echo"))
    }

    @Test func changesAppearWithinAPollAndStaleDataRecovers() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await seeded(etcd, count: 10)
        let tui = try await dashboard(etcd, "--no-watch", width: 160)
        defer { tui.stop() }
        try await tui.waitFor("the pod list") { $0.contains("10 pods") && $0.contains("● live") }

        // A pod changed with etcdctl shows up changed within one poll period.
        let pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"added-by-etcdctl","namespace":"default"},
             "spec":{"containers":[{"name":"c","image":"example.org/marker:42"}]},"status":{"phase":"Pending"}}
            """
        let put = try await etcd.etcdctl(["put", "/registry/pods/default/added-by-etcdctl", pod])
        #expect(put.status == 0)
        try await tui.waitFor("the etcdctl pod", timeout: .seconds(10)) { $0.contains("added-by-etcdctl") && $0.contains("11 pods") }
        let changed = pod.replacingOccurrences(of: "marker:42", with: "marker:43")
        #expect(try await etcd.etcdctl(["put", "/registry/pods/default/added-by-etcdctl", changed]).status == 0)
        try await tui.waitFor(text: "example.org/marker:43", timeout: .seconds(10))

        // etcd stops: the stale banner, the data stays.
        etcd.stop()
        let stale = try await tui.waitFor("the stale banner", timeout: .seconds(20)) { $0.contains("etcd unreachable") }
        #expect(stale.contains("STALE"))
        #expect(stale.contains("added-by-etcdctl"), "the last data stays visible")
        #expect(stale.contains("retrying in") || stale.contains("retrying now"))
        // etcd back: recovers by itself.
        try await etcd.restart()
        try await tui.waitFor("recovery", timeout: .seconds(20)) { $0.contains("● live") && !$0.contains("unreachable") }
        try await tui.type("q")
        try await tui.waitFor(text: "[exited 0 ]")
    }

    @Test func badTermAndBadThemeFailBeforeCursesStarts() async throws {
        let dumb = try await PodDeckBinary.run(["-A", "--endpoints", "http://127.0.0.1:1"], environment: ["TERM": "dumb"])
        #expect(dumb.status == 1)
        #expect(dumb.stderr.contains("TERM=dumb"))
        let theme = try await PodDeckBinary.run(["--theme", "no-such-theme", "--endpoints", "http://127.0.0.1:1"])
        #expect(theme.status == 2)
        #expect(theme.stderr.contains("no-such-theme"))
    }
}

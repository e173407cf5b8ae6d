import Foundation
import Testing
import TestSupport

/// The logs view and the shell in the real dashboard, in tmux, against real etcd, dockerd and containers.
@Suite("dashboard logs and shell end to end in tmux", .serialized)
struct DashboardContainersEndToEndTests {
    /// Stores a pod whose container `web` is `containerID`.
    func putPod(_ etcd: EtcdServer, _ ns: String, _ name: String, containerID: String) async throws {
        let pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"\(ns)"},
             "spec":{"containers":[{"name":"web","image":"busybox:1"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"web","ready":true,"containerID":"docker://\(containerID)","state":{"running":{}}}]}}
            """
        #expect(try await etcd.etcdctl(["put", "/registry/pods/\(ns)/\(name)", pod]).status == 0)
    }

    @Test func logsViewFollowsSearchesSavesAndTheShellComesAndGoes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-tui-logs/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let counter = try await daemon.runContainer(image: image, command: ["sh", "-c", "seq 1 100000; echo 'done counting'; sleep 3600"],
                                                    labels: DockerDaemon.podLabels(namespace: "node", pod: "counter", container: "web"))
        let victim = try await daemon.runContainer(image: image, command: ["sh", "-c", "echo secret; sleep 3600"], name: "victim")
        try await putPod(etcd, "node", "counter", containerID: counter)
        try await putPod(etcd, "x", "innocent", containerID: victim)
        let state = try TempDirectory.make(prefix: "tui-logs-state")
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -A --no-probes --endpoints \(etcd.clientURL) --docker-host \(daemon.host)",
                                        width: 120, height: 30, environment: ["XDG_STATE_HOME": state])
        defer { tui.stop() }
        try await tui.waitFor("the pods") { $0.contains("counter") && $0.contains("innocent") }

        // Logs: the view starts with the last 10,000 lines (logs.maxLines) of 100,001 and follows.
        try await tui.type("l")
        let live = try await tui.waitFor("the last lines", timeout: .seconds(60)) {
            $0.contains("done counting") && $0.contains("10000 lines kept")
        }
        #expect(live.contains("● following"))
        #expect(live.contains("running — streaming live"))
        let rows = live.split(separator: "\n").map(String.init)
        let last = try #require(rows.lastIndex { $0.contains("done counting") })
        #expect(rows[last - 1].trimmingCharacters(in: .whitespaces) == "100000")
        #expect(rows[last - 2].trimmingCharacters(in: .whitespaces) == "99999")

        // Search pauses on the match.
        try await tui.type("/")
        try await tui.type("99950")
        try await tui.send("Enter")
        _ = try await tui.waitFor("the match") { $0.contains("⏸ paused") && $0.contains("99950: line") }

        // Save: every line of the window, once, in order.
        try await tui.type("S")
        let saved = try await tui.waitFor("the save") { $0.contains("saved to ") }
        let path = try #require(saved.split(separator: "\n").first { $0.contains("saved to ") }.map {
            String($0[$0.range(of: "saved to ")!.upperBound...]).trimmingCharacters(in: .whitespaces)
        })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let complete = text == (90_002...100_000).map { "\($0)\n" }.joined() + "done counting\n"
        #expect(complete, "the saved file is not lines 90002 to 100000 and the last line, in order")

        // The shell: a real sh in the container, resized, and the dashboard back afterwards.
        try await tui.type("s")
        try await tui.waitFor(text: "poddeck: sh in node/counter › web")
        try await tui.type("echo answer=$((6*7))")
        try await tui.send("Enter")
        try await tui.waitFor(text: "answer=42")
        try await tui.resize(width: 100, height: 25)
        // The new size reaches the container's terminal through an exec resize call made after
        // SIGWINCH; a `stty size` typed meanwhile may still see the old one, so ask again.
        var resized = false
        for _ in 0..<10 where !resized {
            try await tui.type("stty size")
            try await tui.send("Enter")
            resized = (try? await tui.waitFor("the new size", timeout: .seconds(3)) { $0.contains("25 100") }) != nil
        }
        #expect(resized, "the shell never saw the 100x25 window")
        try await tui.type("exit")
        try await tui.send("Enter")
        let back = try await tui.waitFor("the logs view again") { $0.contains("shell in node/counter › web ended") }
        #expect(back.contains("Logs node/counter › web"))
        #expect(!back.contains("answer=42"))

        // A pod whose status names a container that is not its own: refused, nothing read.
        try await tui.send("Escape")
        try await tui.waitFor(text: "NAMESPACE")
        try await tui.type("j")
        try await tui.type("l")
        let refused = try await tui.waitFor("the refusal") { $0.contains("is not labelled as x/innocent's container web") }
        #expect(!refused.contains("secret"))
        try await tui.send("Escape")
        try await tui.type("s")
        try await tui.waitFor(text: "no shell in x/innocent › web: container \(victim.prefix(12)) is not labelled")
        try await tui.type("q")
    }
}

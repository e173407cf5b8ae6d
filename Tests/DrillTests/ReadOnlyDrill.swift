import Foundation
import Testing
import TestSupport

extension Drills {
    @Test func readonlyRefusesEveryWritePathAndTheRevisionStays() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "readonly"
        try await etcd.put("/registry/pods/\(ns)/web", drillPod(ns, "web", image: "nginx:1.24"))
        try await etcd.put("/registry/pods/\(ns)/web", drillPod(ns, "web"))
        let dir = try TempDirectory.make(prefix: "readonly-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let editor = "\(dir)/editor"
        try "#!/bin/sh\ntouch \(dir)/editor-ran\nsed -i 's/nginx:1.25/nginx:1.27/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        #expect(chmod(editor, 0o755) == 0)
        let env = ["EDITOR": editor, "XDG_STATE_HOME": "\(dir)/state"]
        let before = try await clusterRevision(etcd)

        let headless: [(String, [String], String?)] = [
            ("apply", ["apply", "-f", "-"], drillPod(ns, "web", image: "nginx:1.26")),
            ("patch", ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"x":"y"}}}"#], nil),
            ("delete", ["delete", "pod", "\(ns)/web"], nil),
            ("edit", ["edit", "pod", "\(ns)/web"], nil),
            ("seed", ["seed", "--count", "3"], nil),
        ]
        for (name, args, stdin) in headless {
            let r = try await PodDeckBinary.run(args + ["--endpoints", etcd.clientURL, "--readonly"], environment: env, stdin: stdin)
            #expect(r.status == 1, "\(name) exits 1, got \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("read-only"), "\(name): \(r.stderr)")
        }

        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -A --endpoints \(etcd.clientURL) --readonly --no-probes",
                                        width: 140, height: 30, environment: env)
        defer { tui.stop() }
        try await tui.waitFor("the read-only dashboard") { $0.contains("● live") && $0.contains("READ-ONLY") && $0.contains("web") }
        let keys: [(String, [String], Bool, String)] = [
            ("e", ["e"], true, "editing is disabled"),
            ("c", ["c"], true, "creating is disabled"),
            ("Ctrl-d", ["C-d"], false, "deleting is disabled"),
            (":label", [":", "label drill=yes"], true, "patches are disabled"),
        ]
        for (name, sequence, literal, message) in keys {
            for (i, k) in sequence.enumerated() {
                if literal || i > 0 { try await tui.type(k) } else { try await tui.send(k) }
            }
            if name == ":label" { try await tui.send("Enter") }
            try await tui.waitFor("\(name) refused") { $0.contains(message) }
        }
        try await tui.type("h")
        try await tui.waitFor("the history of web") { $0.contains("2 versions held by etcd") }
        try await tui.send("Down")
        try await tui.type("R")
        try await tui.waitFor("R in history refused") { $0.contains("rollback is disabled") }
        try await tui.send("Escape")
        try await tui.type("q")
        try await tui.waitFor(text: "[exited 0 ]")

        let after = try await clusterRevision(etcd)
        #expect(after == before, "the etcd revision did not move (\(before) → \(after))")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/editor-ran"), "no editor was opened")
        DrillReport.record(
            drill: "Read-only",
            injected: "--readonly; headless apply, patch, delete, edit, seed; dashboard e, c, Ctrl-d, :label, R in history",
            held: "5 commands exit 1 saying read-only; 5 dashboard keys refused with a message, no editor opened; etcd revision stayed \(before)")
    }
}

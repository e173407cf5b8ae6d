import Foundation
import Testing
import TestSupport

/// `poddeck edit` on a real terminal (tmux): a full-screen editor inherits it, and a conflict
/// reopens the editor instead of exiting.
@Suite("poddeck edit on a terminal", .serialized)
struct EditTerminalTests {
    let ns = "tty-\(UInt32.random(in: 0...UInt32.max))"
    var key: String { "/registry/pods/\(ns)/web" }

    func start() async throws -> (EtcdServer, EditWorkspace) {
        let etcd = try await EtcdServer.start()
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        guard created.status == 0 else {
            etcd.stop()
            throw TestSupportError("apply failed: \(created.stderr)")
        }
        return (etcd, try EditWorkspace())
    }

    @Test func aFullScreenEditorGetsTheTerminal() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let tty = try await TmuxSession(command: "\(PodDeckBinary.path) edit pod \(ns)/web --endpoints \(etcd.clientURL)",
                                        environment: w.env(editor: "busybox vi"))
        defer { tty.stop() }
        try await tty.waitFor("vi showing the edit file") { $0.contains("# Editing pod \(ns)/web") && $0.contains("image: nginx:1.25") }
        try await tty.type(":%s/nginx:1.25/nginx:1.27/")
        try await tty.send("Enter")
        try await tty.type(":wq")
        try await tty.send("Enter")
        let screen = try await tty.waitFor(text: "[exited 0 ]")
        #expect(screen.contains("pod/web edited (revision "))
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.27""#))
    }

    @Test func aConflictReopensTheEditorWithTheConflictsListed() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let value = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout.trimmingCharacters(in: .newlines)
        try value.replacingOccurrences(of: #""image":"nginx:1.25""#, with: #""image":"nginx:1.26""#)
            .write(toFile: "\(w.dir)/other.json", atomically: true, encoding: .utf8)
        let editor = try w.script("edit", #"""
            d="\#(w.dir)"
            n=$(cat "$d/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$d/count"
            if [ $n = 1 ]; then
              ETCDCTL_API=3 etcdctl --endpoints \#(etcd.clientURL) put \#(key) < "$d/other.json" > /dev/null || exit 7
              sed -i 's/image: nginx:1.25/image: nginx:1.27/; s/phase: Running/phase: Pending/' "$1"
            else
              cp "$1" "$d/reopened"
            fi
            """#)
        let tty = try await TmuxSession(command: "\(PodDeckBinary.path) edit pod \(ns)/web --endpoints \(etcd.clientURL)",
                                        environment: w.env(editor: editor))
        defer { tty.stop() }
        let screen = try await tty.waitFor(text: "[exited 0 ]")
        #expect(screen.contains("pod \(ns)/web changed while you were editing (1 conflict); reopening your edit on revision"))
        #expect(screen.contains("pod/web edited (revision "))
        #expect(try w.read("count") == "2\n")
        let reopened = try w.read("reopened")
        #expect(reopened.contains(#"# CONFLICT:     mine:   "nginx:1.27""#))
        #expect(reopened.contains(#"# CONFLICT:     theirs: "nginx:1.26"  (kept)"#))
        #expect(reopened.contains("    image: nginx:1.26\n"))
        #expect(reopened.contains("phase: Pending"))
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.26""#), "their value was kept")
        #expect(raw.contains(#""phase":"Pending""#), "my other change landed")
        #expect(w.files().isEmpty)
    }
}

import Foundation
import Testing
import TestSupport

/// Editing from the dashboard, in tmux, against a real etcd; the editor is a script.
@Suite("dashboard editing end to end in tmux", .serialized)
struct DashboardEditEndToEndTests {
    let pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"nginx:1.25"}]},"status":{"phase":"Running","podIP":"10.0.0.7"}}
        """

    func start(_ etcd: EtcdServer, _ ws: EditWorkspace, editor: String) async throws -> TmuxSession {
        let put = try await etcd.etcdctl(["put", "/registry/pods/shop/web", pod])
        #expect(put.status == 0)
        let env = ws.env(editor: editor, ["ETCDCTL_API": "3", "ETCDCTL_ENDPOINTS": etcd.clientURL])
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -n shop --endpoints \(etcd.clientURL) --poll-interval 500ms",
                                        width: 140, height: 40, environment: env)
        try await tui.waitFor("the pod") { $0.contains("web") && $0.contains("● live") }
        return tui
    }

    func stored(_ etcd: EtcdServer) async throws -> String {
        try await etcd.etcdctl(["get", "/registry/pods/shop/web", "--print-value-only"]).stdout
    }

    @Test func editReviewAndSave() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let editor = try ws.script("edit.sh", #"sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1""#)
        let tui = try await start(etcd, ws, editor: editor)
        defer { tui.stop() }
        try await tui.type("e")
        let review = try await tui.waitFor("the review") { $0.contains("Review: edit shop/web") }
        #expect(review.contains("+      image: nginx:1.27") || review.contains("+    image: nginx:1.27"))
        #expect(review.contains("-      image: nginx:1.25") || review.contains("-    image: nginx:1.25"))
        try await tui.send("Enter")
        try await tui.waitFor(text: "pod shop/web saved (revision")
        let value = try await stored(etcd)
        #expect(value.contains("nginx:1.27"))
        #expect(!value.contains("resourceVersion"))
        #expect(ws.files().isEmpty, "a successful save removes the file")
        try await tui.type("q")
    }

    @Test func closingTheReopenedFileUnchangedEndsTheEdit() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        // The first run breaks the file; every later run leaves it as it is.
        let editor = try ws.script("stubborn.sh", #"""
            n=$(cat "\#(ws.dir)/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\#(ws.dir)/count"
            if [ $n = 1 ]; then printf 'this: is: bad: [\n' >> "$1"; fi
            """#)
        let tui = try await start(etcd, ws, editor: editor)
        defer { tui.stop() }
        let before = try await keyRevision(etcd, "/registry/pods/shop/web")
        try await tui.type("e")
        let screen = try await tui.waitFor("the edit to end") { $0.contains("saved again with the same errors") }
        #expect(screen.contains("nothing was written"))
        #expect(try ws.read("count") == "2\n", "the editor ran twice: once to break the file, once to give up")
        let files = ws.files()
        #expect(files.count == 1, "the operator's file is kept")
        let kept = try String(contentsOfFile: ws.edits + "/" + (files.first ?? ""), encoding: .utf8)
        #expect(kept.hasPrefix("# ERROR: "))
        #expect(kept.contains("this: is: bad: ["))
        #expect(try await keyRevision(etcd, "/registry/pods/shop/web")?.mod == before?.mod, "nothing was written")
        try await tui.type("q")
    }

    /// The same decisions as `poddeck edit` (EditCommandTests): closed unchanged is cancelled and
    /// leaves no file.
    @Test func closingTheFileUnchangedCancelsAsHeadlessEditDoes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let editor = try ws.script("noop.sh", "true")
        let tui = try await start(etcd, ws, editor: editor)
        defer { tui.stop() }
        let before = try await keyRevision(etcd, "/registry/pods/shop/web")
        try await tui.type("e")
        try await tui.waitFor(text: "Edit cancelled, no changes made.")
        #expect(ws.files().isEmpty, "nothing of the operator's to keep")
        #expect(try await keyRevision(etcd, "/registry/pods/shop/web")?.mod == before?.mod, "nothing was written")
        try await tui.type("q")
    }

    /// Emptied after a round with errors: the last text comes back with the errors on top and
    /// is kept, as `poddeck edit` does.
    @Test func emptyingTheFileAfterErrorsKeepsTheLastText() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let editor = try ws.script("breakThenEmpty.sh", #"""
            n=$(cat "\#(ws.dir)/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\#(ws.dir)/count"
            if [ $n = 1 ]; then sed -i 's/image: nginx:1.25/image: Nginx/' "$1"; else : > "$1"; fi
            """#)
        let tui = try await start(etcd, ws, editor: editor)
        defer { tui.stop() }
        try await tui.type("e")
        let screen = try await tui.waitFor("the edit to end") { $0.contains("edit abandoned with 1 error") }
        #expect(screen.contains("nothing was written"))
        let files = ws.files()
        #expect(files.count == 1, "the operator's file is kept")
        let kept = try String(contentsOfFile: ws.edits + "/" + (files.first ?? ""), encoding: .utf8)
        #expect(kept.hasPrefix("# ERROR: "))
        #expect(kept.contains("image: Nginx"), "the last text comes back rather than the emptied file")
        #expect(try await stored(etcd).contains("nginx:1.25"))
        try await tui.type("q")
    }

    @Test func aQuickPatchLandsOnThePodShown() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let tui = try await start(etcd, ws, editor: try ws.script("noop.sh", "true"))
        defer { tui.stop() }
        try await tui.type(":")
        try await tui.type("label tier=front")
        try await tui.send("Enter")
        try await tui.waitFor(text: "pod shop/web patched (revision")
        #expect(try await stored(etcd).contains(#""tier":"front""#))
        try await tui.type("q")
    }

    @Test func conflictViewThenTakeTheirsKeepsTheFile() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        // While "editing", another writer changes the same field.
        let other = pod.replacingOccurrences(of: "nginx:1.25", with: "nginx:1.26")
        let editor = try ws.script("conflict.sh", """
            sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1"
            etcdctl put /registry/pods/shop/web '\(other)' >/dev/null
            """)
        let tui = try await start(etcd, ws, editor: editor)
        defer { tui.stop() }
        try await tui.type("e")
        try await tui.waitFor(text: "Review: edit shop/web")
        try await tui.send("Enter")
        let conflict = try await tui.waitFor("the conflict view") { $0.contains("Conflict: shop/web") }
        #expect(conflict.contains("spec.containers[name=web].image"))
        #expect(conflict.contains("take theirs"))
        try await tui.type("t")
        try await tui.waitFor(text: "kept their version")
        #expect(try await stored(etcd).contains("nginx:1.26"), "the other writer's value stays")
        let files = ws.files()
        #expect(files.count == 1, "the operator's file survives")
        let attributes = try FileManager.default.attributesOfItem(atPath: ws.edits + "/" + files[0])
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        try await tui.type("q")
    }

    @Test func deleteAsksAndHistoryShowsVersions() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let tui = try await start(etcd, ws, editor: "true")
        defer { tui.stop() }
        for label in ["one", "two"] {
            let r = try await PodDeckBinary.run(["patch", "pod", "shop/web", "--merge", #"{"metadata":{"labels":{"step":"\#(label)"}}}"#,
                                                 "--endpoints", etcd.clientURL])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try await tui.type("h")
        let history = try await tui.waitFor("the history") { $0.contains("history (3 versions") }
        #expect(history.contains("metadata.labels.step"))
        #expect(history.contains("created"))
        try await tui.send("Escape")
        try await tui.waitFor(text: "● live")

        try await tui.send("C-d")
        let dialog = try await tui.waitFor("the delete confirmation") { $0.contains("Delete pod shop/web?") }
        #expect(dialog.contains("still at revision"))
        try await tui.send("Escape")
        try await tui.waitFor(text: "not deleted")
        #expect(try await stored(etcd).contains("web"))
        try await tui.send("C-d")
        try await tui.waitFor(text: "Delete pod shop/web?")
        try await tui.send("Enter")
        try await tui.waitFor(text: "pod shop/web deleted")
        #expect(try await stored(etcd).isEmpty)
        try await tui.type("q")
    }

    @Test func readonlyRefusesEditingInTheDashboard() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ws = try EditWorkspace()
        defer { ws.remove() }
        let put = try await etcd.etcdctl(["put", "/registry/pods/shop/web", pod])
        #expect(put.status == 0)
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -n shop --readonly --endpoints \(etcd.clientURL)",
                                        width: 120, height: 30, environment: ws.env(editor: "false"))
        defer { tui.stop() }
        try await tui.waitFor(text: "READ-ONLY")
        try await tui.type("e")
        try await tui.waitFor(text: "read-only mode: editing is disabled")
        try await tui.send("C-d")
        try await tui.waitFor(text: "read-only mode: deleting is disabled")
        try await tui.type(":")
        try await tui.type("label tier=x")
        try await tui.send("Enter")
        try await tui.waitFor(text: "read-only mode: patches are disabled")
        try await tui.type("q")
    }
}

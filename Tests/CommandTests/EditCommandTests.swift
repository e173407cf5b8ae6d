import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A private directory for one test's editor scripts and edit files.
struct EditWorkspace {
    let dir: String
    var state: String { dir + "/state" }
    var edits: String { state + "/poddeck/edits" }

    init() throws { dir = try TempDirectory.make(prefix: "edit-cmd") }

    /// Writes an executable `#!/bin/sh` script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        try ShellScript.write("\(dir)/\(name)", body)
    }

    /// The environment for `poddeck edit` with `editor` as `$EDITOR`.
    func env(editor: String, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["EDITOR": editor, "XDG_STATE_HOME": state]
        for (k, v) in extra { env[k] = v }
        return env
    }

    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: edits)) ?? []).sorted()
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

/// The path in a "your edit is saved in PATH" line.
func savedPath(_ stderr: String) -> String? {
    guard let range = stderr.range(of: "your edit is saved in ") else { return nil }
    let rest = stderr[range.upperBound...]
    return String(rest.prefix(while: { $0 != "\n" && $0 != " " }))
}

/// The key's mod revision and version as etcd reports them.
func keyRevision(_ etcd: EtcdServer, _ key: String) async throws -> (mod: Int, version: Int)? {
    let out = try await etcd.etcdctl(["get", key, "-w", "json"]).stdout
    guard let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
          let kv = (object["kvs"] as? [[String: Any]])?.first,
          let mod = (kv["mod_revision"] as? NSNumber)?.intValue,
          let version = (kv["version"] as? NSNumber)?.intValue else { return nil }
    return (mod, version)
}

@Suite("poddeck edit against a real etcd, with scripts as the editor", .serialized)
struct EditCommandTests {
    let ns = "edit-\(UInt32.random(in: 0...UInt32.max))"
    var key: String { "/registry/pods/\(ns)/web" }
    var doc: String { webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)") }

    func start() async throws -> (EtcdServer, EditWorkspace) {
        let etcd = try await EtcdServer.start()
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        guard created.status == 0 else {
            etcd.stop()
            throw TestSupportError("apply failed: \(created.stderr)")
        }
        return (etcd, try EditWorkspace())
    }

    /// A JSON value for the pod as another writer would store it: the current value with `edit` applied.
    func otherWriterValue(_ etcd: EtcdServer, _ w: EditWorkspace, replacing old: String, with new: String) async throws -> String {
        let value = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout.trimmingCharacters(in: .newlines)
        #expect(value.contains(old), "\(value)")
        let path = "\(w.dir)/other.json"
        try value.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return "ETCDCTL_API=3 etcdctl --endpoints \(etcd.clientURL) put \(key) < \(path) > /dev/null || exit 7"
    }

    @Test func savesAnEditedFieldKeepsUnknownFieldsAndRemovesTheFile() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let editor = try w.script("edit", #"cp "$1" "\#(w.dir)/seen"; sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 0, "\(r.stderr)")
        let rev = try #require(try await keyRevision(etcd, key))
        #expect(r.stdout == "pod/web edited (revision \(rev.mod))\n")
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.27""#))
        #expect(raw.contains(#""x-vendor-note":"kept""#), "unknown fields survive")
        #expect(!raw.contains("resourceVersion"), "resourceVersion is never stored")
        let seen = try w.read("seen")
        #expect(seen.hasPrefix("# Editing pod \(ns)/web, based on revision \(rev.mod - 1)."))
        #expect(w.files().isEmpty, "a successful save removes the file")
    }

    @Test func unchangedAndEmptiedWriteNothing() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let before = try #require(try await keyRevision(etcd, key))
        // $VISUAL wins over $EDITOR.
        let untouched = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: "false", ["VISUAL": "true"]))
        #expect(untouched.status == 0, "\(untouched.stderr)")
        #expect(untouched.stdout == "Edit cancelled, no changes made.\n")
        // Split as a shell would: sh -c '…' -- FILE.
        let emptied = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: #"sh -c ': > "$1"' --"#))
        #expect(emptied.status == 0, "\(emptied.stderr)")
        #expect(emptied.stdout == "Edit cancelled, no changes made.\n")
        let after = try #require(try await keyRevision(etcd, key))
        #expect(after.mod == before.mod, "the etcd revision did not move")
        #expect(w.files().isEmpty)
    }

    @Test func invalidTextReopensWithItsErrorsUntilItIsFixed() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let editor = try w.script("edit", #"""
            d="\#(w.dir)"
            n=$(cat "$d/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$d/count"
            cp "$1" "$d/seen-$n"
            case $n in
            1) sed -i 's/^  - name: web$/  - name: web\n   broken: [/' "$1" ;;
            2) sed -i '/^   broken: \[$/d; s/image: nginx:1.25/image: Nginx/; s/containerPort: 8080/containerPort: 70000/' "$1" ;;
            3) sed -i 's/image: Nginx/image: nginx:1.27/; s/containerPort: 70000/containerPort: 8080/' "$1" ;;
            esac
            """#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("pod/web edited (revision "))
        #expect(try w.read("count") == "3\n")

        // Round two shows the syntax error, with a position in the reopened file, above the text.
        let second = try w.read("seen-2")
        let lines = second.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# ERROR: the pod below was not saved (1 problem); fix and save again:")
        let match = try #require(lines[1].firstMatch(of: #/^# ERROR: line (\d+), column \d+: /#), "\(lines[1])")
        let line = try #require(Int(match.1))
        let broken = try #require(lines.firstIndex(of: "   broken: [")) + 1
        #expect(abs(line - broken) <= 1, "line \(line) points at the broken text (line \(broken))")
        #expect(second.contains("  - name: web\n   broken: [\n    image: nginx:1.25\n"), "the operator's text is kept")

        // Round three shows both validation errors, each with its field path.
        let third = try w.read("seen-3")
        #expect(third.hasPrefix("# ERROR: the pod below was not saved (2 problems); fix and save again:\n"))
        #expect(third.contains("# ERROR: spec.containers[0].image: Invalid value: \"Nginx\""))
        #expect(third.contains("# ERROR: spec.containers[0].ports[0].containerPort: Invalid value: 70000"))
        #expect(!third.contains("# ERROR: line "))

        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.27""#))
        #expect(raw.contains(#""containerPort":8080"#))
        #expect(w.files().isEmpty)
    }

    @Test func aConcurrentChangeToAnotherFieldIsMerged() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let other = try await otherWriterValue(etcd, w, replacing: #""labels":{"app":"web"}"#, with: #""labels":{"app":"web","tier":"front"}"#)
        let editor = try w.script("edit", other + "\n" + #"sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 0, "\(r.stderr)")
        let rev = try #require(try await keyRevision(etcd, key))
        #expect(r.stdout == "pod/web edited: merged your 1 change with 1 concurrent change (revision \(rev.mod))\n")
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.27""#))
        #expect(raw.contains(#""tier":"front""#))
        #expect(w.files().isEmpty)
    }

    @Test func aClashWithoutATerminalExitsFourAndKeepsTheFile() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let other = try await otherWriterValue(etcd, w, replacing: #""image":"nginx:1.25""#, with: #""image":"nginx:1.26""#)
        let editor = try w.script("edit", other + "\n" + #"sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("conflict: pod \(ns)/web changed while you were editing"))
        #expect(r.stderr.contains("nothing written"))
        #expect(r.stderr.contains(#"spec.containers[name=web].image: base "nginx:1.25", mine "nginx:1.27", theirs "nginx:1.26""#))
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.26""#), "etcd keeps the other writer's value")
        let path = try #require(savedPath(r.stderr), "\(r.stderr)")
        #expect(path.hasPrefix(w.edits + "/\(ns)_web-"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("image: nginx:1.27"), "the operator's text survives")
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        let dirMode = try FileManager.default.attributesOfItem(atPath: w.edits)[.posixPermissions] as? NSNumber
        #expect(fileMode?.intValue == 0o600)
        #expect(dirMode?.intValue == 0o700)
    }

    @Test func renamingIsRefusedAndTheFileKept() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let before = try #require(try await keyRevision(etcd, key))
        let editor = try w.script("edit", #"sed -i 's/^  name: web$/  name: web2/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains(#"metadata.name was changed from "web" to "web2"; that would be a different pod"#))
        let path = try #require(savedPath(r.stderr))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("name: web2"))
        #expect(try await keyRevision(etcd, key)?.mod == before.mod)
        #expect(try await keyRevision(etcd, "/registry/pods/\(ns)/web2") == nil)
    }

    @Test func aPodDeletedMeanwhileExitsFive() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let editor = try w.script("edit", """
            ETCDCTL_API=3 etcdctl --endpoints \(etcd.clientURL) del \(key) > /dev/null || exit 7
            sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1"
            """)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 5, "\(r.stderr)")
        #expect(r.stderr.contains("was deleted while you were editing; nothing written"))
        let path = try #require(savedPath(r.stderr))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("image: nginx:1.27"))
        #expect(try await keyRevision(etcd, key) == nil, "headless edit does not re-create")
    }

    @Test func anEditorThatFailsKeepsTheFile() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let before = try #require(try await keyRevision(etcd, key))
        let editor = try w.script("edit", #"sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1"; exit 2"#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        #expect(r.status == 1)
        #expect(r.stderr.contains("the editor exited with status 2; nothing written"))
        let path = try #require(savedPath(r.stderr))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("image: nginx:1.27"))
        #expect(try await keyRevision(etcd, key)?.mod == before.mod)

        let missing = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: "no-such-editor-here --flag"))
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("could not start: no-such-editor-here: not found"))
        let unsplittable = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: "vim 'open"))
        #expect(unsplittable.status == 2)
        #expect(unsplittable.stderr.contains("$EDITOR"))
    }

    @Test func jsonFormatAndMissingPods() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let editor = try w.script("edit", #"cp "$1" "\#(w.dir)/seen"; sed -i 's/"image": "nginx:1.25"/"image": "nginx:1.26"/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "web", "-n", ns, "--format", "json"], env: w.env(editor: editor))
        #expect(r.status == 0, "\(r.stderr)")
        let seen = try w.read("seen")
        #expect(seen.contains("\n{\n"))
        #expect(try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout.contains(#""image":"nginx:1.26""#))

        let missing = try await poddeck(etcd, ["edit", "pod", "\(ns)/nope"], env: w.env(editor: editor))
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("pod \(ns)/nope not found"))
        let badFormat = try await poddeck(etcd, ["edit", "pod", "\(ns)/web", "--format", "xml"], env: w.env(editor: editor))
        #expect(badFormat.status == 2)
    }

    @Test func readonlyRefusesBeforeTheEditorOpens() async throws {
        let (etcd, w) = try await start()
        defer { etcd.stop(); w.remove() }
        let before = try #require(try await keyRevision(etcd, key))
        let editor = try w.script("edit", #"touch "\#(w.dir)/opened"; sed -i 's/nginx:1.25/nginx:1.27/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web", "--readonly"], env: w.env(editor: editor))
        #expect(r.status == 1)
        #expect(r.stderr.contains("read-only"))
        #expect(!FileManager.default.fileExists(atPath: "\(w.dir)/opened"), "the editor never ran")
        #expect(try await keyRevision(etcd, key)?.mod == before.mod, "the etcd revision did not move")
        #expect(w.files().isEmpty)
    }

    @Test func concurrentEditorsLoseNoUpdate() async throws {
        let etcd = try await EtcdServer.start()
        let w = try EditWorkspace()
        defer { etcd.stop(); w.remove() }
        let counterDoc = doc.replacingOccurrences(of: "  name: web\n", with: "  name: counter\n  annotations:\n    counter: \"0\"\n")
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: counterDoc)
        #expect(created.status == 0, "\(created.stderr)")
        let editor = try w.script("increment", #"""
            n=$(sed -n 's/^    counter: "\([0-9]*\)"$/\1/p' "$1")
            [ -n "$n" ] || exit 9
            sed -i "s/^    counter: \"$n\"\$/    counter: \"$((n+1))\"/" "$1"
            """#)
        let workers = 4, savesEach = 15
        let env = w.env(editor: editor)
        let totals = try await withThrowingTaskGroup(of: (saves: Int, conflicts: Int).self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var saves = 0, conflicts = 0, runs = 0
                    while saves < savesEach {
                        runs += 1
                        guard runs <= 50 * savesEach else { throw TestSupportError("too many retries (\(conflicts) conflicts)") }
                        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/counter"], env: env)
                        switch r.status {
                        case 0: saves += 1
                        case 4: conflicts += 1
                        default: throw TestSupportError("edit exited \(r.status): \(r.stdout)\(r.stderr)")
                        }
                    }
                    return (saves, conflicts)
                }
            }
            var all: [(saves: Int, conflicts: Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let saves = totals.map(\.saves).reduce(0, +)
        #expect(saves == workers * savesEach)
        let raw = try await etcd.etcdctl(["get", "/registry/pods/\(ns)/counter", "--print-value-only"]).stdout
        #expect(raw.contains(#""counter":"\#(saves)""#), "final counter equals the successful saves: \(raw)")
        #expect(try await keyRevision(etcd, "/registry/pods/\(ns)/counter")?.version == saves + 1, "one write per save")
        print("stress: \(workers) editors × \(savesEach) saves; \(totals.map(\.conflicts).reduce(0, +)) conflicts retried")
    }
}

@Suite("poddeck edit: giving up on invalid text", .serialized)
struct EditGiveUpTests {
    @Test func emptyingAfterErrorsOrSavingTheSameErrorsKeepsTheLastText() async throws {
        let etcd = try await EtcdServer.start()
        let w = try EditWorkspace()
        defer { etcd.stop(); w.remove() }
        let ns = "giveup-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try await poddeck(etcd, ["apply", "-f", "-"], stdin: webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")).status == 0)

        let emptier = try w.script("emptier", #"""
            d="\#(w.dir)"
            n=$(cat "$d/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$d/count"
            if [ $n = 1 ]; then sed -i 's/image: nginx:1.25/image: Nginx/' "$1"; else : > "$1"; fi
            """#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: emptier))
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("edit abandoned with errors; nothing written"))
        #expect(r.stderr.contains("spec.containers[0].image"))
        let path = try #require(savedPath(r.stderr))
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        #expect(kept.hasPrefix("# ERROR: "))
        #expect(kept.contains("image: Nginx"), "the last text comes back rather than the emptied file")

        let stubborn = try w.script("stubborn", #"sed -i 's/image: nginx:1.25/image: Nginx/' "$1""#)
        let again = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: stubborn))
        #expect(again.status == 3, "\(again.stderr)")
        #expect(again.stderr.contains("the edit was saved again with the same errors; nothing written"))
        #expect(savedPath(again.stderr) != nil)
        let raw = try await etcd.etcdctl(["get", "/registry/pods/\(ns)/web", "--print-value-only"]).stdout
        #expect(raw.contains(#""image":"nginx:1.25""#))
    }
}

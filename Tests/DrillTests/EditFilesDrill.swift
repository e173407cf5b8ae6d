import Foundation
import Testing
import TestSupport

/// Octal permission bits of `path` (nil when it does not exist).
func permissions(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode & 0o7777)
}

/// Writes an executable shell script.
func drillScript(_ path: String, _ body: String) throws -> String {
    try ShellScript.write(path, body)
}

/// The path in a "…saved in PATH…" stderr line: the first word that is an existing edit file.
func editFilePath(in text: String, under dir: String) -> String? {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" || $0 == ")" })
        .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".,;:'\"")) }
        .first { $0.hasPrefix(dir) && FileManager.default.fileExists(atPath: $0) }
}

extension Drills {
    @Test func editFilesAre0600In0700DirectoriesEvenWithUmask000() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "files"
        try await etcd.put("/registry/pods/\(ns)/web", drillPod(ns, "web"))
        let dir = try TempDirectory.make(prefix: "files-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The editor records what it was given, then fails: the file is kept.
        let editor = try drillScript("\(dir)/editor", """
            f="$1"; d=$(dirname "$f")
            stat -c '%a' "$f" "$d" "$(dirname "$d")" > "$(dirname "$(dirname "$d")")/modes"
            exit 3
            """)
        var seen: [String] = []
        for umask in ["022", "000"] {
            let state = "\(dir)/state-\(umask)"
            let env = PodDeckBinary.isolatedEnvironment(["EDITOR": editor, "XDG_STATE_HOME": state])
            let r = try await ProcessRunner.run("sh", ["-c", "umask \(umask); exec \"$0\" edit pod \(ns)/web --endpoints \(etcd.clientURL)",
                                                       PodDeckBinary.path], environment: env, timeout: .seconds(60))
            #expect(r.status == 1, "a failed editor exits 1 (umask \(umask)): \(r.stderr)")
            let modes = try String(contentsOfFile: "\(state)/modes", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(modes == ["600", "700", "700"], "umask \(umask): file, edits/, poddeck/ were \(modes)")
            let edits = "\(state)/poddeck/edits"
            let kept = try FileManager.default.contentsOfDirectory(atPath: edits)
            #expect(kept.count == 1, "the file is kept: \(kept)")
            for name in kept { #expect(permissions("\(edits)/\(name)") == 0o600, "kept file \(name) (umask \(umask))") }
            #expect(permissions(edits) == 0o700 && permissions("\(state)/poddeck") == 0o700)
            #expect(r.stderr.contains(edits), "the kept file's path is printed: \(r.stderr)")
            seen.append("umask \(umask): \(modes.joined(separator: "/"))")
        }
        DrillReport.record(
            drill: "Edit file modes",
            injected: "`poddeck edit` with an editor that fails, run under umask 022 and umask 000",
            held: "edit file 0600, edits/ and poddeck/ 0700 in both (\(seen.joined(separator: "; "))); the kept file stays 0600 and its path is printed")
    }

    @Test func anEditorKilledMidEditLeavesTheFileAndWritesNothing() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "killed"
        try await etcd.put("/registry/pods/\(ns)/web", drillPod(ns, "web"))
        let dir = try TempDirectory.make(prefix: "killed-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let editor = try drillScript("\(dir)/editor", #"sed -i 's/nginx:1.25/nginx:1.27-mine/' "$1"; kill -9 $$"#)
        let before = try await clusterRevision(etcd)

        let state = "\(dir)/state"
        let r = try await PodDeckBinary.run(["edit", "pod", "\(ns)/web", "--endpoints", etcd.clientURL],
                                            environment: ["EDITOR": editor, "XDG_STATE_HOME": state])
        #expect(r.status == 1, "\(r.stderr)")
        let path = try #require(editFilePath(in: r.stderr, under: state), "the file's path is printed: \(r.stderr)")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("image: nginx:1.27-mine"), "the operator's change survives")
        #expect(permissions(path) == 0o600)
        #expect(r.stderr.lowercased().contains("killed") || r.stderr.contains("signal"), "says what happened: \(r.stderr)")

        // The same in the dashboard: `e`, the editor dies, the dashboard comes back and says where the file is.
        let tuiState = "\(dir)/tui-state"
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -n \(ns) --endpoints \(etcd.clientURL) --no-probes", width: 160, height: 30,
                                        environment: ["EDITOR": editor, "XDG_STATE_HOME": tuiState])
        defer { tui.stop() }
        try await tui.waitFor("the dashboard") { $0.contains("● live") && $0.contains("web") }
        try await tui.type("e")
        let message = try await tui.waitFor("the dashboard back with the kept file") { $0.contains("● live") && $0.contains("\(tuiState)/poddeck/edits") }
        let edits = try FileManager.default.contentsOfDirectory(atPath: "\(tuiState)/poddeck/edits")
        #expect(edits.count == 1)
        let tuiSaved = try String(contentsOfFile: "\(tuiState)/poddeck/edits/\(edits.first ?? "")", encoding: .utf8)
        #expect(tuiSaved.contains("image: nginx:1.27-mine"))
        #expect(!message.contains("[exited"))
        try await tui.type("q")
        try await tui.waitFor(text: "[exited 0 ]")

        let after = try await clusterRevision(etcd)
        #expect(after == before, "nothing written (\(before) → \(after))")
        let line = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        DrillReport.record(
            drill: "Editor killed mid-edit",
            injected: "$EDITOR writes the operator's change then `kill -9`s itself, from `poddeck edit` and from `e` in the dashboard",
            held: "exit 1, \"\(line.replacingOccurrences(of: path, with: "<file>").prefix(100))\"; file kept (0600) with the change, its path shown "
                + "in both; dashboard kept running; etcd revision stayed \(before)")
    }
}

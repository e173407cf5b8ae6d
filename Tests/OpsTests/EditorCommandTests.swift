@testable import Ops
import Foundation
import Testing
import TestSupport

@Suite("editor command: resolution, shell-style splitting, running")
struct EditorCommandTests {
    @Test(arguments: [
        ("vi", ["vi"]),
        ("code --wait", ["code", "--wait"]),
        ("  nano   -w  ", ["nano", "-w"]),
        (#"vim -c "set ft=yaml""#, ["vim", "-c", "set ft=yaml"]),
        ("'my editor' -f", ["my editor", "-f"]),
        (#"my\ editor"#, ["my editor"]),
        (#""a\"b\\c\$d\x""#, [#"a"b\c$d\x"#]),
        ("ed ''", ["ed", ""]),
        (#"a'b'"c"d"#, ["abcd"]),
        ("emacs\t-nw", ["emacs", "-nw"]),
        (#"sh -c 'sed -i "s/a/b/" "$1"' --"#, ["sh", "-c", #"sed -i "s/a/b/" "$1""#, "--"]),
        ("'it'\\''s'", ["it's"]),
        ("$HOME/bin/ed ~/x *", ["$HOME/bin/ed", "~/x", "*"]),
        ("a\\\nb", ["ab"]),
    ])
    func splitsLikeAShell(text: String, words: [String]) throws {
        #expect(try EditorCommand.split(text) == words)
    }

    @Test(arguments: ["vim 'x", #"vim "x"#, "vim \\"])
    func refusesWhatAShellWouldRefuse(text: String) {
        #expect(throws: EditorCommandError.self) { try EditorCommand.split(text) }
    }

    @Test func resolvesKubeEditorThenVisualThenEditorThenVi() throws {
        let all = ["KUBE_EDITOR": "kube-ed --x", "VISUAL": "visual-ed", "EDITOR": "plain-ed"]
        #expect(try EditorCommand.resolve(environment: all) == EditorCommand(arguments: ["kube-ed", "--x"], variable: "KUBE_EDITOR"))
        #expect(try EditorCommand.resolve(environment: ["VISUAL": "visual-ed", "EDITOR": "plain-ed"]).arguments == ["visual-ed"])
        #expect(try EditorCommand.resolve(environment: ["KUBE_EDITOR": "   ", "EDITOR": "plain-ed"]).variable == "EDITOR")
        let fallback = try EditorCommand.resolve(environment: [:])
        #expect(fallback.arguments == ["vi"])
        #expect(fallback.variable == nil)
        do {
            _ = try EditorCommand.resolve(environment: ["EDITOR": "vim 'unclosed"])
            Issue.record("an unterminated quote must be refused")
        } catch {
            #expect(error.description.contains("$EDITOR"))
            #expect(error.description.contains("single quote is not closed"))
        }
    }

    @Test func descriptionQuotesWordsThatNeedIt() {
        #expect(EditorCommand(arguments: ["vim", "-c", "set ft=yaml"]).description == "vim -c 'set ft=yaml'")
        #expect(EditorCommand(arguments: ["it's"]).description == #"'it'\''s'"#)
    }

    @Test func runsTheEditorOnTheFileAndReportsHowItEnded() async throws {
        let dir = try TempDirectory.make(prefix: "editor")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/pod.yaml"
        try "before\n".write(toFile: file, atomically: true, encoding: .utf8)

        let writes = EditorCommand(arguments: ["sh", "-c", #"printf 'after\n' > "$1""#, "--"])
        #expect(await writes.run(file: file) == .exited(0))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "after\n")

        let fails = EditorCommand(arguments: ["sh", "-c", "exit 3", "--"])
        let failed = await fails.run(file: file)
        #expect(failed == .exited(3))
        #expect(!failed.succeeded)

        let killed = await EditorCommand(arguments: ["sh", "-c", "kill -TERM $$", "--"]).run(file: file)
        #expect(killed == .signalled(15))
        #expect(killed.description.contains("SIGTERM"))

        let missing = await EditorCommand(arguments: ["no-such-editor-\(UInt32.random(in: 0...UInt32.max))"]).run(file: file)
        guard case .notStarted(let reason) = missing else {
            Issue.record("expected notStarted, got \(missing)")
            return
        }
        #expect(reason.contains("not found"))
    }

    @Test func theLauncherSeamRunsTheResolvedCommand() async throws {
        let dir = try TempDirectory.make(prefix: "editor")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/f"
        let launcher = try TerminalEditorLauncher(environment: ["EDITOR": #"sh -c 'echo edited > "$1"' --"#])
        let exit = await launcher.edit(file)
        #expect(exit.succeeded)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "edited\n")
    }
}

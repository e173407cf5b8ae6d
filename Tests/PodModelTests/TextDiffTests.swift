import Testing
@testable import PodModel

@Suite struct TextDiffTests {
    @Test func unifiedOutput() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var newLines = (1...12).map { "line \($0)" }
        newLines[1] = "line 2 changed"
        newLines.insert("inserted", at: 10)
        newLines.remove(at: 11)
        let new = newLines.joined(separator: "\n") + "\n"
        let result = TextDiff.unified(old: old, new: new, oldLabel: "a/pod.yaml", newLabel: "b/pod.yaml")
        #expect(result == """
        --- a/pod.yaml
        +++ b/pod.yaml
        @@ -1,5 +1,5 @@
         line 1
        -line 2
        +line 2 changed
         line 3
         line 4
         line 5
        @@ -8,5 +8,5 @@
         line 8
         line 9
         line 10
        -line 11
        +inserted
         line 12

        """)
    }

    @Test func nearbyChangesShareAHunkAndContextIsConfigurable() {
        let old = "a\nb\nc\nd\ne\nf\ng\n"
        let new = "a\nB\nc\nd\ne\nF\ng\n"
        #expect(TextDiff.unified(old: old, new: new, oldLabel: "o", newLabel: "n", context: 1) == """
        --- o
        +++ n
        @@ -1,3 +1,3 @@
         a
        -b
        +B
         c
        @@ -5,3 +5,3 @@
         e
        -f
        +F
         g

        """)
        #expect(TextDiff.unified(old: old, new: new, oldLabel: "o", newLabel: "n", context: 2) == """
        --- o
        +++ n
        @@ -1,7 +1,7 @@
         a
        -b
        +B
         c
         d
         e
        -f
        +F
         g

        """)
    }

    @Test func edgeCases() {
        #expect(TextDiff.unified(old: "same\n", new: "same\n", oldLabel: "a", newLabel: "b") == "")
        #expect(TextDiff.unified(old: "", new: "x\ny\n", oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n")
        #expect(TextDiff.unified(old: "x\n", new: "", oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n")
        #expect(TextDiff.unified(old: "a\nb", new: "a\nb\n", oldLabel: "a", newLabel: "b")
            == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    @Test func linesForTheTUI() {
        #expect(TextDiff.lines(old: "a\nb\nc\n", new: "a\nc\nd") == [.same("a"), .removed("b"), .same("c"), .added("d")])
        #expect(TextDiff.lines(old: "", new: "") == [])
        #expect(TextDiff.lines(old: "x", new: "x\n") == [.same("x")])
        #expect(DiffLine.added("t").text == "t")
        #expect(DiffLine.same("t").isChange == false)
    }

    @Test func findsAMinimalScriptOnLargerInputs() {
        // Deterministic pseudo-random edits; the line diff must reproduce `new` from `old` and
        // be no longer than the edits that were made.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let old = (0..<2000).map { "line \($0 % 300)" }
        var new = old
        var edits = 0
        for _ in 0..<150 {
            let position = next() % new.count
            switch next() % 3 {
            case 0: new.remove(at: position)
            case 1: new.insert("new \(next() % 50)", at: position)
            default: new[position] = "changed \(next() % 50)"; edits += 1
            }
            edits += 1
        }
        let lines = TextDiff.lines(old: old.joined(separator: "\n"), new: new.joined(separator: "\n"))
        #expect(lines.filter { if case .removed = $0 { false } else { true } }.map(\.text) == new)
        #expect(lines.filter { if case .added = $0 { false } else { true } }.map(\.text) == old)
        #expect(lines.filter(\.isChange).count <= edits)
    }
}

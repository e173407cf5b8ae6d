import Testing
import Screen

@Suite struct TextPaneTests {
    let lines: [Line] = ["alpha", "Beta error", "gamma", "ERROR again", "delta"]

    @Test func matchesAreCaseInsensitive() {
        #expect(TextPane.matches(in: lines, query: "error") == [1, 3])
        #expect(TextPane.matches(in: lines, query: "") == [])
        #expect(TextPane.matches(in: ["Größe", "GRÖSSE", "x"], query: "grö") == [0, 1])
        #expect(TextPane.matches(in: ["日本語", "本"], query: "本語") == [0])
    }

    @Test func rendersVisibleLinesWithScrollbar() {
        var calls: [Int] = []
        let pane = TextPane(lineCount: 10, offset: 4) { i in
            calls.append(i)
            return Line("line \(i)")
        }
        let buffer = rendered(pane, width: 8, height: 3)
        #expect(calls == [4, 5, 6])
        #expect(buffer.lines() == [
            "line 4 │",
            "line 5 █",
            "line 6 │",
        ])
    }

    @Test func noScrollbarWhenEverythingFits() {
        let pane = TextPane(lines: ["a", "b"])
        #expect(rendered(pane, width: 3, height: 3).lines() == ["a  ", "b  ", "   "])
    }

    @Test func highlightsMatchesAndTheCurrentLine() {
        let pane = TextPane(lines: lines, highlight: (query: "error", current: 3), showsScrollbar: false)
        let buffer = rendered(pane, width: 12, height: 5)
        let mask = buffer.styleMask(legend: ["h": Style(fg: .black, bg: .yellow), "c": Style(fg: .black, bg: .brightYellow, attributes: .bold)])
        #expect(mask == [
            "............",
            ".....hhhhh..",
            "............",
            "ccccc.......",
            "............",
        ])
    }

    @Test func highlightColumnsFollowWideCharacters() {
        let pane = TextPane(lines: ["日本 ok"], highlight: (query: "ok", current: nil), showsScrollbar: false)
        let mask = rendered(pane, width: 8, height: 1).styleMask(legend: ["h": Style(fg: .black, bg: .yellow)])
        #expect(mask == [".....hh."])
    }
}

import Testing
import Screen

@Suite struct WidgetTests {
    @Test func blockDrawsBorderAndTitle() {
        let buffer = rendered(Block(title: "Pods", titleStyle: Style(attributes: .bold)), width: 10, height: 3)
        #expect(buffer.lines() == [
            "┌ Pods ──┐",
            "│        │",
            "└────────┘",
        ])
        #expect(buffer.styleMask(legend: ["b": Style(attributes: .bold)]) == [
            ".bbbbbb...",
            "..........",
            "..........",
        ])
        #expect(Block.inner(of: Rect(x: 0, y: 0, width: 10, height: 3)) == Rect(x: 1, y: 1, width: 8, height: 1))
    }

    @Test func blockElidesLongTitles() {
        #expect(rendered(Block(title: "kube-system/pods"), width: 10, height: 2).lines() == [
            "┌ kube-… ┐",
            "└────────┘",
        ])
    }

    @Test func gaugeUsesPartialBlocksAndCentresLabel() {
        let filled = Style(fg: .green)
        let empty = Style(fg: .brightBlack)
        let buffer = rendered(Gauge(ratio: 0.55, label: "55%", filledStyle: filled, emptyStyle: empty), width: 10, height: 1)
        // 0.55 × 80 eighths = 44: five full cells and a half cell; the label covers cells 3–5.
        #expect(buffer.lines() == ["███55%    "])
        #expect(buffer.styleMask(legend: ["f": filled, "F": filled.reverse(), "e": empty]) == ["fffFFeeeee"])
        #expect(rendered(Gauge(ratio: 0.55), width: 10, height: 1).lines() == ["█████▌    "])
        #expect(rendered(Gauge(ratio: 0.01), width: 10, height: 1).lines() == ["            ".prefix(10).description])
        #expect(rendered(Gauge(ratio: 0.02), width: 10, height: 1).lines() == ["▏         "])
    }

    @Test func gaugeClampsRatio() {
        #expect(rendered(Gauge(ratio: 7), width: 4, height: 1).lines() == ["████"])
        #expect(rendered(Gauge(ratio: -1), width: 4, height: 1).lines() == ["    "])
        #expect(rendered(Gauge(ratio: .nan), width: 4, height: 1).lines() == ["    "])
    }

    @Test func sparklineIsRightAlignedToNewest() {
        let line = Sparkline(values: [1, 2, 3, 4, 5, 6, 7, 8], max: 8)
        #expect(rendered(line, width: 10, height: 1).lines() == ["  ▁▂▃▄▅▆▇█"])
        #expect(rendered(line, width: 4, height: 1).lines() == ["▅▆▇█"])
        #expect(rendered(Sparkline(values: [0, 0.01, 4]), width: 3, height: 1).lines() == [" ▁█"])
        #expect(rendered(Sparkline(values: [4, 8]), width: 2, height: 2).lines() == [" █", "██"])
        let green = Style(fg: .green)
        let styled = rendered(Sparkline(values: [3], max: 6, style: green), width: 3, height: 1)
        #expect(styled.lines() == ["  ▄"])
        #expect(styled.styleMask(legend: ["g": green]) == ["ggg"])
    }

    @Test func dialogIsCentredAndClearsBeneath() {
        var buffer = Buffer(size: Size(width: 24, height: 7))
        buffer.fill(buffer.area, with: Cell("x"))
        let dialog = Dialog(title: "Delete?", body: ["pod web-1"], buttons: ["Yes", "No"], selectedButton: 1, minWidth: 10)
        dialog.render(into: &buffer, area: buffer.area)
        #expect(buffer.lines() == [
            "xxxxxxxxxxxxxxxxxxxxxxxx",
            "xx┌ Delete? ────────┐xxx",
            "xx│ pod web-1       │xxx",
            "xx│                 │xxx",
            "xx│ [ Yes ]  [ No ] │xxx",
            "xx└─────────────────┘xxx",
            "xxxxxxxxxxxxxxxxxxxxxxxx",
        ])
        #expect(dialog.buttonFrame(1, in: buffer.area) == Rect(x: 13, y: 4, width: 6, height: 1))
        let mask = buffer.styleMask(legend: ["r": Style(attributes: .reverse), "b": Style(attributes: .bold)])
        #expect(mask[1] == "...bbbbbbbbb............")
        #expect(mask[4] == ".............rrrrrr.....")
    }

    @Test func keyHintBarElidesWhatDoesNotFit() {
        let bar = KeyHintBar(hints: [("q", "Quit"), ("/", "Search"), ("e", "Edit")], keyStyle: Style(attributes: .bold))
        let wide = rendered(bar, width: 24, height: 1)
        #expect(wide.lines() == ["q Quit  / Search  e Edit"])
        #expect(wide.styleMask(legend: ["k": Style(attributes: .bold)]) == ["k.......k.........k....."])
        #expect(rendered(bar, width: 20, height: 1).lines() == ["q Quit  / Search …  "])
        #expect(rendered(bar, width: 3, height: 1).lines() == ["…  "])
    }

    @Test func paragraphWrapsAtWordsAndClips() {
        let text = Paragraph(lines: ["the quick brown fox", "jumps"])
        #expect(rendered(text, width: 10, height: 4).lines(trimmingTrailingSpaces: true) == ["the quick", "brown fox", "jumps", ""])
        #expect(rendered(Paragraph(lines: ["abcdefghijkl"]), width: 5, height: 3).lines() == ["abcde", "fghij", "kl   "])
        #expect(rendered(Paragraph(lines: ["the quick brown"], wrap: false), width: 6, height: 1).lines() == ["the qu"])
    }

    @Test func paragraphKeepsSpanStylesAcrossWraps() {
        let red = Style(fg: .red)
        let rows = Paragraph.wrap(Line([Span("aa "), Span("bb cc", style: red)]), width: 5)
        #expect(rows == [Line([Span("aa "), Span("bb", style: red)]), Line("cc", style: red)])
        let buffer = rendered(Paragraph(lines: [Line([Span("aa "), Span("bb cc", style: red)])]), width: 5, height: 2)
        #expect(buffer.lines() == ["aa bb", "cc   "])
        #expect(buffer.styleMask(legend: ["r": red]) == ["...rr", "rr..."])
    }
}

import Testing
import Screen

@Suite struct BufferTests {
    @Test func putWritesAndReturnsColumns() {
        var buffer = Buffer(size: Size(width: 8, height: 2))
        let written = buffer.put("hello", x: 1, y: 0)
        #expect(written == 5)
        #expect(buffer.lines() == [" hello  ", "        "])
        #expect(buffer[x: 1, y: 0] == Cell("h"))
    }

    @Test func putClipsAtMaxWidthAndEdge() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        #expect(buffer.put("abcdef", x: 0, y: 0, maxWidth: 3) == 3)
        #expect(buffer.lines() == ["abc   "])
        #expect(buffer.put("xyz123", x: 4, y: 0) == 2)
        #expect(buffer.lines() == ["abc xy"])
        #expect(buffer.put("never", x: 0, y: 1) == 0)
        #expect(buffer.put("never", x: 7, y: 0) == 0)
    }

    @Test func wideCharactersUseContinuationCells() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        #expect(buffer.put("日本", x: 1, y: 0) == 4)
        #expect(buffer[x: 1, y: 0].symbol == "日")
        #expect(buffer[x: 2, y: 0].symbol == "")
        #expect(buffer[x: 3, y: 0].symbol == "本")
        #expect(buffer.lines() == [" 日本 "])
    }

    @Test func wideCharacterThatDoesNotFitBecomesASpace() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.fill(buffer.area, with: Cell("."))
        #expect(buffer.put("a日本", x: 0, y: 0, maxWidth: 4) == 4)
        #expect(buffer.lines() == ["a日 "])
        var edge = Buffer(size: Size(width: 3, height: 1))
        #expect(edge.put("ab日", x: 0, y: 0) == 3)
        #expect(edge.lines() == ["ab "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.put("日本", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.lines() == [" x本"])
        buffer.put("y", x: 2, y: 0)
        #expect(buffer.lines() == [" xy "])
        #expect(buffer[x: 3, y: 0].symbol == " ")
    }

    @Test func clustersStayInOneCell() {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        #expect(buffer.put("e\u{301}👨‍👩‍👧🇩🇪", x: 0, y: 0) == 5)
        #expect(buffer[x: 0, y: 0].symbol == "e\u{301}")
        #expect(buffer[x: 1, y: 0].symbol == "👨‍👩‍👧")
        #expect(buffer[x: 3, y: 0].symbol == "🇩🇪")
    }

    @Test func putPatchesStyleOntoExistingCells() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.fill(buffer.area, style: Style(bg: .blue))
        buffer.put("a", x: 0, y: 0, style: Style(fg: .red, attributes: .bold))
        #expect(buffer[x: 0, y: 0].style == Style(fg: .red, bg: .blue, attributes: .bold))
        #expect(buffer[x: 1, y: 0].style == Style(bg: .blue))
    }

    @Test func putLineAppliesSpanStyles() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        let line = Line([Span("ab", style: Style(fg: .red)), Span("cd", style: Style(fg: .green))])
        #expect(buffer.put(line, x: 0, y: 0, maxWidth: 3, style: Style(attributes: .underline)) == 3)
        #expect(buffer.lines() == ["abc   "])
        #expect(buffer.styleMask(legend: ["r": Style(fg: .red, attributes: .underline), "g": Style(fg: .green, attributes: .underline)]) == ["rrg..."])
    }

    @Test func putElidedTruncatesToExactWidth() {
        var buffer = Buffer(size: Size(width: 10, height: 4))
        buffer.fill(buffer.area, with: Cell("#"))
        #expect(buffer.putElided("kube-system", x: 0, y: 0, width: 6) == 6)
        #expect(buffer.putElided("abc", x: 0, y: 1, width: 6) == 6)
        #expect(buffer.putElided("日本語です", x: 0, y: 2, width: 6) == 6)
        #expect(buffer.putElided("exactly", x: 0, y: 3, width: 7) == 7)
        #expect(buffer.lines() == [
            "kube-…####",
            "abc   ####",
            "日本 …####",
            "exactly###",
        ])
    }

    @Test func setStylePatchesKeepingSymbols() {
        var buffer = Buffer(size: Size(width: 3, height: 2))
        buffer.put("abc", x: 0, y: 0, style: Style(fg: .red))
        buffer.setStyle(Rect(x: 1, y: 0, width: 5, height: 5), style: Style(attributes: .reverse))
        #expect(buffer.lines() == ["abc", "   "])
        #expect(buffer.styleMask(legend: ["r": Style(fg: .red), "R": Style(fg: .red, attributes: .reverse), "v": Style(attributes: .reverse)]) == ["rRR", ".vv"])
    }

    @Test func fillClipsToBufferAndRepairsWideCharacters() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.put("日本", x: 0, y: 0)
        buffer.fill(Rect(x: 1, y: 0, width: 2, height: 9), with: Cell("-"))
        #expect(buffer.lines() == [" -- "])
    }

    @Test func outOfBoundsAccessIsHarmless() {
        var buffer = Buffer(size: Size(width: 2, height: 2))
        buffer[x: 5, y: 0] = Cell("x")
        #expect(buffer[x: -1, y: 0] == .blank)
        #expect(buffer.lines() == ["  ", "  "])
    }

    @Test func linesCanTrimTrailingSpaces() {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        buffer.put("ab", x: 0, y: 0)
        #expect(buffer.lines(trimmingTrailingSpaces: true) == ["ab"])
        #expect(buffer.lines() == ["ab   "])
    }

    @Test func styleMaskMarksUnknownStyles() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.put("a", x: 0, y: 0, style: Style(fg: .red))
        buffer.put("b", x: 1, y: 0, style: Style(fg: .green))
        #expect(buffer.styleMask(legend: ["r": Style(fg: .red)]) == ["r?."])
    }
}

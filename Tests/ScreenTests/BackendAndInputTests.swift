import Testing
import Screen

@Suite @MainActor struct BackendAndInputTests {
    @Test func testBackendFlushesOnlyTheDiff() {
        let backend = TestBackend(size: Size(width: 5, height: 2))
        var frame = Buffer(size: backend.size)
        frame.put("hello", x: 0, y: 0)
        backend.draw(frame)
        #expect(backend.cellsWritten == 10)
        frame.put("J", x: 0, y: 0)
        backend.draw(frame)
        #expect(backend.drawCount == 2)
        #expect(backend.cellsWritten == 11)
        #expect(backend.lastRuns == [CellRun(x: 0, y: 0, cells: [Cell("J")])])
        #expect(backend.screen == frame)
        #expect(backend.lines() == ["Jello", ""])
    }

    @Test func invalidateResumeAndResizeRepaintEverything() {
        let backend = TestBackend(size: Size(width: 3, height: 1))
        let frame = Buffer(size: backend.size)
        backend.draw(frame)
        backend.draw(frame)
        #expect(backend.cellsWritten == 3)
        backend.invalidate()
        backend.draw(frame)
        #expect(backend.cellsWritten == 6)
        backend.suspend()
        #expect(backend.isSuspended)
        backend.resume()
        backend.draw(frame)
        #expect(backend.cellsWritten == 9)
        backend.resize(to: Size(width: 2, height: 2))
        var small = Buffer(size: backend.size)
        small.put("ab", x: 0, y: 1)
        backend.draw(small)
        #expect(backend.cellsWritten == 13)
        #expect(backend.screen == small)
    }

    @Test func screenMatchesFramesAcrossManyDiffs() {
        let backend = TestBackend(size: Size(width: 12, height: 3))
        let texts = ["日本 ok", "abc", "🚀🚀🚀", "e\u{301}x", "", "wide 語"]
        for (i, text) in texts.enumerated() {
            var frame = Buffer(size: backend.size)
            frame.put(text, x: i % 3, y: i % 3)
            frame.put(texts[(i + 1) % texts.count], x: 1, y: (i + 1) % 3)
            backend.draw(frame)
            #expect(backend.screen == frame)
        }
    }

    @Test func keyDisplayNames() {
        #expect(Key.ctrl("f").display == "Ctrl-f")
        #expect(Key.up.display == "↑")
        #expect(Key.pageDown.display == "PgDn")
        #expect(Key.escape.display == "Esc")
        #expect(Key.enter.display == "Enter")
        #expect(Key.char("N").display == "N")
        #expect(Key.function(5).display == "F5")
        #expect(Key.char(" ").display == "Space")
        #expect(Set([Key.char("n"), .char("N"), .char("n")]).count == 2)
    }

    @Test func styleHelpersAndPatching() {
        let base = Style(fg: .red, bg: .blue, attributes: .bold)
        #expect(base.patched(with: Style(fg: .green)) == Style(fg: .green, bg: .blue, attributes: .bold))
        #expect(base.patched(with: .plain) == base)
        #expect(base.patched(with: Style.plain.underline()).attributes == [.bold, .underline])
        #expect(Style.plain.bold().reverse().attributes == [.bold, .reverse])
        #expect(Color.brightWhite == .indexed(15))
    }
}

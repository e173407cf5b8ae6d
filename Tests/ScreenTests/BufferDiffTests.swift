import Testing
import Screen

@Suite struct BufferDiffTests {
    func buffer(_ rows: [String]) -> Buffer {
        var b = Buffer(size: Size(width: 6, height: rows.count))
        for (y, row) in rows.enumerated() { b.put(row, x: 0, y: y) }
        return b
    }

    @Test func identicalBuffersGiveNoRuns() {
        let a = buffer(["hello", "world"])
        #expect(BufferDiff.between(a, a).isEmpty)
    }

    @Test func oneChangedCellGivesOneRun() {
        let a = buffer(["hello", "world"])
        var b = a
        b.put("X", x: 2, y: 1)
        let runs = BufferDiff.between(a, b)
        #expect(runs == [CellRun(x: 2, y: 1, cells: [Cell("X")])])
    }

    @Test func adjacentChangesMergeAndRowsSplit() {
        let a = buffer(["hello", "world"])
        let b = buffer(["heLLo", "WOrld"])
        let runs = BufferDiff.between(a, b)
        #expect(runs.map { "\($0.x),\($0.y):\($0.cells.map(\.symbol).joined())" } == ["2,0:LL", "0,1:WO"])
    }

    @Test func styleChangesCount() {
        let a = buffer(["abc"])
        var b = a
        b.setStyle(Rect(x: 1, y: 0, width: 1, height: 1), style: Style(attributes: .bold))
        #expect(BufferDiff.between(a, b).map(\.x) == [1])
    }

    @Test func runsKeepWideCharactersWhole() {
        let a = buffer(["ab日"])
        let b = buffer(["ab本"])
        let runs = BufferDiff.between(a, b)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2)
        #expect(runs[0].cells.map(\.symbol) == ["本", ""])
    }

    @Test func missingOrResizedOldBufferIsAFullRepaint() {
        let b = buffer(["hello", "world"])
        let full = BufferDiff.between(nil, b)
        #expect(full.count == 2)
        #expect(full.allSatisfy { $0.x == 0 && $0.cells.count == 6 })
        let small = Buffer(size: Size(width: 3, height: 2))
        #expect(BufferDiff.between(small, b) == full)
    }
}

import Testing
import Screen

@Suite struct LayoutTests {
    let area = Rect(x: 2, y: 1, width: 20, height: 10)

    @Test func rectBasics() {
        #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 18, height: 8))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 2).isEmpty)
        #expect(area.contains(x: 2, y: 1))
        #expect(!area.contains(x: 22, y: 1))
        #expect(area.intersection(Rect(x: 15, y: 8, width: 10, height: 10)) == Rect(x: 15, y: 8, width: 7, height: 3))
        #expect(area.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
        #expect(Rect.centered(width: 10, height: 4, in: area) == Rect(x: 7, y: 4, width: 10, height: 4))
        #expect(Rect.centered(width: 99, height: 99, in: area) == area)
    }

    @Test func rowsSplitFixedAndFill() {
        let rows = area.rows([.fixed(1), .fill(1), .fixed(2)])
        #expect(rows == [
            Rect(x: 2, y: 1, width: 20, height: 1),
            Rect(x: 2, y: 2, width: 20, height: 7),
            Rect(x: 2, y: 9, width: 20, height: 2),
        ])
    }

    @Test func columnsSplitPercentMinAndWeights() {
        let widths = area.columns([.percent(25), .fill(2), .fill(1), .min(3)]).map(\.width)
        // 5 for 25%, 3 for min, 12 left shared 2:1:1.
        #expect(widths == [5, 6, 3, 6])
        let xs = area.columns([.percent(25), .fill(2), .fill(1), .min(3)]).map(\.x)
        #expect(xs == [2, 7, 13, 16])
    }

    @Test func overflowCutsLaterParts() {
        let widths = Rect(x: 0, y: 0, width: 10, height: 1).columns([.fixed(6), .fixed(6), .fill(1)]).map(\.width)
        #expect(widths == [6, 4, 0])
    }
}

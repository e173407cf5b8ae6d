import Testing
import Screen

@Suite struct TableTests {
    let columns = [
        TableColumn("NAME", width: .flex(min: 6, weight: 1), priority: 100),
        TableColumn("STATUS", width: .auto(min: 4, max: 9), priority: 50),
        TableColumn("AGE", width: .fixed(3), alignment: .right, priority: 80),
    ]

    func row(_ i: Int) -> TableRow {
        let names = ["web", "database-primary", "cache"]
        let states = ["Running", "Pending", "CrashLoopBackOff"]
        return TableRow(cells: [Line(names[i % 3]), Line(states[i % 3]), Line("\(i + 1)d")])
    }

    @Test func rendersHeaderRowsAndSelection() {
        let table = Table(columns: columns, rowCount: 3, selected: 1, row: row)
        let buffer = rendered(table, width: 24, height: 5)
        #expect(buffer.lines() == [
            "NAME       STATUS    AGE",
            "web        Running    1d",
            "database-… Pending    2d",
            "cache      CrashLoo…  3d",
            "                        ",
        ])
        let bold = Style.plain.bold()
        let reverse = Style.plain.reverse()
        #expect(buffer.styleMask(legend: ["b": bold, "r": reverse]) == [
            "bbbbbbbbbbbbbbbbbbbbbbbb",
            "........................",
            "rrrrrrrrrrrrrrrrrrrrrrrr",
            "........................",
            "........................",
        ])
    }

    @Test func callsTheRowProviderOnlyForVisibleRows() {
        var calls: [Int] = []
        let table = Table(columns: columns, rowCount: 100_000, selected: 50_002, offset: 50_000) { i in
            calls.append(i)
            return TableRow(texts: ["pod-\(i)", "Running", "1d"])
        }
        let buffer = rendered(table, width: 30, height: 6)
        #expect(calls == Array(50_000..<50_005))
        #expect(buffer.lines(trimmingTrailingSpaces: true)[1].hasPrefix("pod-50000"))
    }

    @Test func offsetIsClampedToTheLastPage() {
        var calls: [Int] = []
        let table = Table(columns: columns, rowCount: 10, offset: 9) { i in
            calls.append(i)
            return TableRow(texts: ["r\(i)"])
        }
        _ = rendered(table, width: 20, height: 4)
        #expect(calls == [7, 8, 9])
    }

    @Test func dropsLowestPriorityColumnsWhenNarrow() {
        let table = Table(columns: columns, rowCount: 2, row: row)
        #expect(rendered(table, width: 12, height: 2).lines() == [
            "NAME     AGE",
            "web       1d",
        ])
        #expect(rendered(table, width: 7, height: 2).lines() == [
            "NAME   ",
            "web    ",
        ])
        #expect(rendered(table, width: 4, height: 2).lines() == [
            "NAME",
            "web ",
        ])
    }

    @Test func layoutGrowsAutoThenFlex() {
        let slots = Table.layout(columns: columns, naturalWidths: [0, 7, 0], width: 30)
        #expect(slots == [
            TableColumnSlot(column: 0, x: 0, width: 18),
            TableColumnSlot(column: 1, x: 19, width: 7),
            TableColumnSlot(column: 2, x: 27, width: 3),
        ])
    }

    @Test func autoWidthComesFromVisibleRowsOnly() {
        let table = Table(columns: columns, rowCount: 3, offset: 0) { i in
            TableRow(texts: ["n", i == 2 ? "VeryLongState" : "Up", "1"])
        }
        // Two body rows visible: rows 0 and 1, so STATUS is as wide as its title.
        // Counting row 2 would make STATUS 9 wide and leave NAME at its minimum of 6.
        #expect(rendered(table, width: 20, height: 3).lines() == [
            "NAME      STATUS AGE",
            "n         Up       1",
            "n         Up       1",
        ])
    }

    @Test func scrollOffsetKeepsSelectionVisible() {
        #expect(Table.scrollOffset(selected: 5, current: 0, visibleRows: 10) == 0)
        #expect(Table.scrollOffset(selected: 12, current: 0, visibleRows: 10) == 3)
        #expect(Table.scrollOffset(selected: 2, current: 5, visibleRows: 10) == 2)
        #expect(Table.scrollOffset(selected: 0, current: 90, visibleRows: 10, rowCount: 5) == 0)
        #expect(Table.scrollOffset(selected: 99, current: 0, visibleRows: 10, rowCount: 100) == 90)
        #expect(Table.scrollOffset(selected: 3, current: 0, visibleRows: 0) == 3)
    }

    @Test func placeholderShowsWhenEmpty() {
        let table = Table(columns: columns, rowCount: 0, placeholder: "No pods") { _ in
            Issue.record("no rows to ask for")
            return TableRow(texts: [])
        }
        #expect(rendered(table, width: 14, height: 3).lines(trimmingTrailingSpaces: true) == ["NAME       AGE", "No pods", ""])
    }

    @Test func rowStylesAndSpansArePatched() {
        let table = Table(columns: [TableColumn("A", width: .fixed(2)), TableColumn("B", width: .fixed(2))], rowCount: 1, showsHeader: false) { _ in
            TableRow(spans: [Span("x", style: Style(fg: .red)), Span("y")], style: Style(bg: .blue))
        }
        let buffer = rendered(table, width: 5, height: 1)
        #expect(buffer.lines() == ["x  y "])
        #expect(buffer.styleMask(legend: ["r": Style(fg: .red, bg: .blue), "b": Style(bg: .blue)]) == ["rbbbb"])
    }

    @Test func aWholeColumnIsDroppedRatherThanCut() {
        let cols = [
            TableColumn("NAME", width: .auto(min: 4, max: 20), priority: 100),
            TableColumn("AGE", width: .whole(min: 3, max: 9), alignment: .right, priority: 50),
        ]
        // AGE needs 5 ("4d20h"): at 10 cells NAME (4) + gap + 5 fits; at 9 AGE goes whole.
        #expect(Table.layout(columns: cols, naturalWidths: [12, 5], width: 10) == [
            TableColumnSlot(column: 0, x: 0, width: 4), TableColumnSlot(column: 1, x: 5, width: 5),
        ])
        #expect(Table.layout(columns: cols, naturalWidths: [12, 5], width: 9) == [TableColumnSlot(column: 0, x: 0, width: 9)])
        // Past its max a whole column is as wide as its max.
        #expect(Table.layout(columns: cols, naturalWidths: [4, 30], width: 40)[1].width == 9)
    }

    @Test func spareWidthGoesToTheColumnsThatAreCutNarrowestFirst() {
        let cols = [
            TableColumn("NAME", width: .auto(min: 4, max: 60), priority: 100),
            TableColumn("STATUS", width: .auto(min: 6, max: 22), priority: 90),
            TableColumn("NODE", width: .auto(min: 4, max: 16), priority: 30),
        ]
        // Minimums 4+6+4 plus gaps 2 = 16; 10 spare. NODE is 3 short, STATUS 2, NAME 20:
        // levelled up narrowest first, STATUS and NODE are made whole and NAME gets the other 5
        // (not everything, as "highest priority first" would give it).
        let slots = Table.layout(columns: cols, naturalWidths: [24, 8, 7], width: 26)
        #expect(slots.map(\.width) == [9, 8, 7])
        // Two long columns end up equally wide.
        let even = Table.layout(columns: cols, naturalWidths: [40, 22, 4], width: 36)
        #expect(even.map(\.width) == [15, 15, 4])
    }

    @Test func aDroppedColumnComesBackWhenItFitsAfterAWiderOneWent() {
        let cols = [
            TableColumn("NAME", width: .fixed(10), priority: 100),
            TableColumn("IP", width: .fixed(4), priority: 40),
            TableColumn("IMAGE", width: .fixed(12), priority: 50),
        ]
        // 10+4+12+2 = 28 > 20: IP (lowest) goes, then IMAGE; IP then fits again.
        let slots = Table.layout(columns: cols, naturalWidths: [], width: 20)
        #expect(slots.map(\.column) == [0, 1])
    }

    @Test func callerWidthsKeepColumnsStillWhilePaging() {
        let cols = [TableColumn("NAME", width: .auto(min: 4, max: 30)), TableColumn("AGE", width: .fixed(3))]
        func draw(offset: Int) -> String {
            let table = Table(columns: cols, rowCount: 3, offset: offset, naturalWidths: [14, 3]) { i in
                TableRow(texts: [["a", "b", "a-much-longer"][i], "1d"])
            }
            return rendered(table, width: 30, height: 2).lines()[0]
        }
        #expect(draw(offset: 0) == draw(offset: 2))
        #expect(draw(offset: 0).hasPrefix("NAME           AGE"))
    }
}

import TerminalText

/// A scrolling table with a header, a selected row and columns that adapt to the width.
///
/// Rows come from a provider that is called only for the rows on screen, so a
/// table over 100,000 items costs as much to draw as one over 30.
public struct Table: Widget {
    /// The columns, left to right.
    public var columns: [TableColumn]
    /// The total number of rows.
    public var rowCount: Int
    /// Returns row `i`; called once per visible row per render.
    public var row: (Int) -> TableRow
    /// The selected row, if any.
    public var selected: Int?
    /// The first row shown (clamped so the table never scrolls past its end).
    public var offset: Int
    /// The base style of the whole area.
    public var style: Style
    /// The style of the header row.
    public var headerStyle: Style
    /// The style patched onto the selected row.
    public var selectionStyle: Style
    /// Blank columns between two columns.
    public var columnSpacing: Int
    /// Whether the header row is drawn.
    public var showsHeader: Bool
    /// Text shown in the first body row when there are no rows.
    public var placeholder: String
    /// The style of ``placeholder``.
    public var placeholderStyle: Style
    /// The widest content of each column over every row, when the caller keeps it (so widths do
    /// not change from page to page); nil measures the visible rows.
    public var naturalWidths: [Int]?

    /// Creates a table.
    public init(
        columns: [TableColumn],
        rowCount: Int,
        selected: Int? = nil,
        offset: Int = 0,
        style: Style = .plain,
        headerStyle: Style = Style.plain.bold(),
        selectionStyle: Style = Style.plain.reverse(),
        columnSpacing: Int = 1,
        showsHeader: Bool = true,
        placeholder: String = "",
        placeholderStyle: Style = Style.plain.dim(),
        naturalWidths: [Int]? = nil,
        row: @escaping (Int) -> TableRow
    ) {
        self.columns = columns
        self.rowCount = rowCount
        self.selected = selected
        self.offset = offset
        self.style = style
        self.headerStyle = headerStyle
        self.selectionStyle = selectionStyle
        self.columnSpacing = columnSpacing
        self.showsHeader = showsHeader
        self.placeholder = placeholder
        self.placeholderStyle = placeholderStyle
        self.naturalWidths = naturalWidths
        self.row = row
    }

    /// The number of body rows that fit in `area`.
    public func visibleRowCount(in area: Rect) -> Int {
        max(0, area.height - (showsHeader ? 1 : 0))
    }

    /// The range of row indices a render into `area` shows.
    public func visibleRows(in area: Rect) -> Range<Int> {
        let visible = visibleRowCount(in: area)
        let first = min(max(0, offset), max(0, rowCount - visible))
        return first..<min(rowCount, first + visible)
    }

    /// Returns the offset that keeps `selected` visible, moving as little as possible from `current`.
    ///
    /// With `rowCount`, the result also never leaves blank rows below the last row.
    public static func scrollOffset(selected: Int, current: Int, visibleRows: Int, rowCount: Int? = nil) -> Int {
        guard visibleRows > 0 else { return max(0, selected) }
        var offset = current
        if selected < offset { offset = selected }
        if selected >= offset + visibleRows { offset = selected - visibleRows + 1 }
        if let rowCount { offset = min(offset, rowCount - visibleRows) }
        return max(0, offset)
    }

    /// Draws the header, the visible rows and the selection.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        buffer.fill(r, style: style)
        let headerRows = showsHeader ? 1 : 0
        let range = visibleRows(in: r)
        let rows = range.map { row($0) }
        let slots = Table.layout(columns: columns, naturalWidths: naturalWidths ?? measuredWidths(rows: rows), width: r.width,
                                 spacing: columnSpacing)
        if showsHeader {
            let header = Rect(x: r.x, y: r.y, width: r.width, height: 1)
            buffer.setStyle(header, style: headerStyle)
            for slot in slots {
                let column = columns[slot.column]
                draw(Line(column.title), in: slot, origin: r.x, y: r.y, alignment: column.alignment, buffer: &buffer)
            }
        }
        if rowCount == 0 && !placeholder.isEmpty && r.height > headerRows {
            buffer.putElided(placeholder, x: r.x, y: r.y + headerRows, width: r.width, style: placeholderStyle)
        }
        for (k, rowData) in rows.enumerated() {
            let y = r.y + headerRows + k
            let line = Rect(x: r.x, y: y, width: r.width, height: 1)
            buffer.setStyle(line, style: rowData.style)
            for slot in slots where slot.column < rowData.cells.count {
                let cell = rowData.cells[slot.column]
                let shown = columns[slot.column].elision == .start ? Self.keepingEnd(cell, width: slot.width) : cell
                draw(shown, in: slot, origin: r.x, y: y, alignment: columns[slot.column].alignment, buffer: &buffer)
            }
            if range.lowerBound + k == selected {
                buffer.setStyle(line, style: selectionStyle)
            }
        }
    }

    /// Widths of the auto and whole columns measured over the title and the given rows; 0 for
    /// other columns.
    func measuredWidths(rows: [TableRow]) -> [Int] {
        columns.enumerated().map { index, column in
            switch column.width {
            case .auto, .whole: break
            case .fixed, .flex: return 0
            }
            var widest = showsHeader ? DisplayWidth.of(column.title) : 0
            for row in rows where index < row.cells.count {
                widest = max(widest, row.cells[index].width)
            }
            return widest
        }
    }

    /// The line cut at the start to fit `width` columns, with `…` first. A line of several
    /// spans keeps its first span (a status mark) whole and cuts the rest.
    static func keepingEnd(_ line: Line, width: Int) -> Line {
        guard line.width > width, width > 1 else { return line }
        var lead: [Span] = []
        var rest = line.spans
        if rest.count > 1, rest[0].width < width - 1 {
            lead = [rest.removeFirst()]
        }
        let budget = width - 1 - lead.reduce(0) { $0 + $1.width }
        let style = rest.last?.style ?? .plain
        var tail: [Character] = []
        var used = 0
        for c in rest.map(\.text).joined().reversed() {
            let w = DisplayWidth.of(c)
            if used + w > budget { break }
            tail.append(c)
            used += w
        }
        return Line(lead + [Span("…", style), Span(String(tail.reversed()), style)])
    }

    private func draw(_ line: Line, in slot: TableColumnSlot, origin: Int, y: Int, alignment: TableColumn.Alignment, buffer: inout Buffer) {
        let x = origin + slot.x
        let width = line.width
        if width >= slot.width {
            buffer.putElided(line, x: x, y: y, width: slot.width)
        } else if alignment == .right {
            buffer.put(line, x: x + slot.width - width, y: y)
        } else {
            buffer.put(line, x: x, y: y)
        }
    }
}

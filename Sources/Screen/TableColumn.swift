/// One column of a ``Table``: title, width rule, alignment and priority.
public struct TableColumn: Hashable, Sendable {
    /// How wide a column is.
    public enum Width: Hashable, Sendable {
        /// Exactly `n` columns.
        case fixed(Int)
        /// At least `min` columns, plus a share of the spare width proportional to `weight`.
        case flex(min: Int, weight: Int)
        /// As wide as the widest cell (and the title), kept within `min…max`; narrower (down to
        /// `min`, cutting long values) when space is short.
        case auto(min: Int, max: Int)
        /// As wide as the widest cell (and the title), kept within `min…max`, and never narrower:
        /// a column of short values (ages, counts, addresses) is dropped rather than cut.
        case whole(min: Int, max: Int)
    }

    /// Where text sits in a cell wider than the text.
    public enum Alignment: Hashable, Sendable {
        /// Flush left.
        case left
        /// Flush right (numbers, ages).
        case right
    }

    /// The header title.
    public var title: String
    /// The width rule.
    public var width: Width
    /// The alignment of the title and the cells.
    public var alignment: Alignment
    /// When the table is too narrow, columns with the lowest priority are dropped first.
    public var priority: Int
    /// Which end of a too-long cell is replaced by `…`.
    public var elision: Elision

    /// Where a cell that does not fit is cut.
    public enum Elision: Hashable, Sendable {
        /// Keep the start: `registry.example.com/te…`.
        case end
        /// Keep the end: `…/team/app:1.2` (image references, paths).
        case start
    }

    /// Creates a column.
    public init(_ title: String, width: Width, alignment: Alignment = .left, priority: Int = 0, elision: Elision = .end) {
        self.title = title
        self.width = width
        self.alignment = alignment
        self.priority = priority
        self.elision = elision
    }
}

/// One row of a ``Table``: a line per column and a style for the whole row.
public struct TableRow: Hashable, Sendable {
    /// The cells, one per column, in column order; missing cells are blank.
    public var cells: [Line]
    /// The style patched onto the whole row.
    public var style: Style

    /// Creates a row from styled lines.
    public init(cells: [Line], style: Style = .plain) {
        self.cells = cells
        self.style = style
    }

    /// Creates a row with one span per cell.
    public init(spans: [Span], style: Style = .plain) {
        self.init(cells: spans.map { Line([$0]) }, style: style)
    }

    /// Creates a row of plain text cells.
    public init(texts: [String], style: Style = .plain) {
        self.init(cells: texts.map { Line($0) }, style: style)
    }
}

/// Where a visible column of a ``Table`` lands: the column's index, left edge and width.
public struct TableColumnSlot: Hashable, Sendable {
    /// Index into ``Table/columns``.
    public var column: Int
    /// Left edge, relative to the table's area.
    public var x: Int
    /// Width in cells.
    public var width: Int

    /// Creates a slot.
    public init(column: Int, x: Int, width: Int) {
        self.column = column
        self.x = x
        self.width = width
    }
}

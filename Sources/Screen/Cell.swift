/// One terminal cell: a grapheme cluster and its style.
///
/// A wide character (display width 2) occupies its own cell plus the following
/// continuation cell, whose `symbol` is the empty string.
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster shown in the cell, `""` for the right half of a wide character.
    public var symbol: String
    /// The cell's style.
    public var style: Style

    /// Creates a cell.
    public init(_ symbol: String = " ", style: Style = .plain) {
        self.symbol = symbol
        self.style = style
    }

    /// A space in the plain style.
    public static let blank = Cell()

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { symbol.isEmpty }
}

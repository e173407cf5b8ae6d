import TerminalText

/// A grid of cells that widgets render into; a backend flushes the difference between two buffers.
///
/// Reads outside the buffer return ``Cell/blank``; writes outside it are ignored.
public struct Buffer: Hashable, Sendable {
    /// The buffer's size in cells.
    public private(set) var size: Size
    /// The cells, row by row.
    public internal(set) var cells: [Cell]

    /// Creates a buffer of blank cells.
    public init(size: Size) {
        self.size = size
        self.cells = [Cell](repeating: .blank, count: size.width * size.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(size: size) }

    /// The cell at column `x`, row `y`.
    public subscript(x x: Int, y y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
            return cells[y * size.width + x]
        }
        set {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
            cells[y * size.width + x] = newValue
        }
    }

    /// Replaces every cell of `rect` (clipped to the buffer) by a space in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        fill(rect, with: Cell(" ", style: style))
    }

    /// Replaces every cell of `rect` (clipped to the buffer) by `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        repairWideCharacters(at: r.x, y: r.y, height: r.height)
        repairWideCharacters(at: r.maxX - 1, y: r.y, height: r.height)
        for y in r.y..<r.maxY {
            let start = y * size.width
            for x in r.x..<r.maxX { cells[start + x] = cell }
        }
    }

    /// Patches `style` onto every cell of `rect` (clipped to the buffer), keeping the symbols.
    public mutating func setStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let start = y * size.width
            for x in r.x..<r.maxX {
                cells[start + x].style = cells[start + x].style.patched(with: style)
            }
        }
    }

    /// Resets every cell to ``Cell/blank``.
    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    /// Returns a copy resized to `newSize`, keeping the overlapping cells.
    public func resized(to newSize: Size) -> Buffer {
        var copy = Buffer(size: newSize)
        let w = min(size.width, newSize.width)
        for y in 0..<min(size.height, newSize.height) {
            for x in 0..<w { copy.cells[y * newSize.width + x] = cells[y * size.width + x] }
        }
        if w > 0 { copy.repairWideCharacters(at: w - 1, y: 0, height: min(size.height, newSize.height)) }
        return copy
    }

    /// Blanks half-overwritten wide characters in column `x` of rows `y..<y+height`.
    ///
    /// Called before a write that starts or ends at column `x` so no wide character
    /// is left without its continuation cell or vice versa.
    mutating func repairWideCharacters(at x: Int, y: Int, height: Int) {
        guard x >= 0, x < size.width else { return }
        for row in y..<(y + height) {
            let i = row * size.width + x
            if cells[i].symbol.isEmpty, x > 0, DisplayWidth.of(cells[i - 1].symbol) == 2 {
                cells[i - 1].symbol = " "
                cells[i].symbol = " "
            } else if x + 1 < size.width, cells[i + 1].symbol.isEmpty {
                cells[i + 1].symbol = " "
                if DisplayWidth.of(cells[i].symbol) == 2 { cells[i].symbol = " " }
            }
        }
    }
}

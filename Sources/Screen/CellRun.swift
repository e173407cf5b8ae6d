/// A horizontal run of changed cells, starting at (`x`, `y`).
public struct CellRun: Hashable, Sendable {
    /// Column of the first cell.
    public var x: Int
    /// Row of the run.
    public var y: Int
    /// The new cells, left to right; continuation cells (`""`) are included.
    public var cells: [Cell]

    /// Creates a run.
    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }
}

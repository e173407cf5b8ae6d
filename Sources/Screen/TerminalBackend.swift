/// What views draw to: a terminal (``TestBackend`` in tests, `CursesTerminal` for real).
@MainActor
public protocol TerminalBackend: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// How many colours can be shown (0 when colours are off, else 8, 16, 256…).
    var colorCount: Int { get }
    /// Shows `buffer`, sending only the cells that differ from the last buffer drawn.
    func draw(_ buffer: Buffer)
    /// Makes the next ``draw(_:)`` repaint every cell.
    func invalidate()
    /// Hands the terminal back (to run an external editor, say) until ``resume()``.
    func suspend()
    /// Takes the terminal back after ``suspend()``; the next draw repaints everything.
    func resume()
}

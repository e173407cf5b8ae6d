/// An in-memory ``TerminalBackend`` that records what would reach the terminal.
///
/// `screen` is what a real terminal would show: it starts blank and only the
/// diff runs of each draw are applied to it, so it checks ``BufferDiff`` too.
@MainActor
public final class TestBackend: TerminalBackend {
    /// The current size.
    public private(set) var size: Size
    /// The colour count reported to views.
    public var colorCount: Int
    /// The last buffer drawn.
    public private(set) var lastBuffer: Buffer?
    /// The terminal contents built from the flushed runs only.
    public private(set) var screen: Buffer
    /// The number of draws so far.
    public private(set) var drawCount = 0
    /// The number of cells sent to the terminal over all draws.
    public private(set) var cellsWritten = 0
    /// The runs sent by the last draw.
    public private(set) var lastRuns: [CellRun] = []
    /// Whether ``suspend()`` was called without ``resume()``.
    public private(set) var isSuspended = false
    private var needsFullRepaint = true

    /// Creates a backend of `size` reporting `colorCount` colours.
    public init(size: Size, colorCount: Int = 256) {
        self.size = size
        self.colorCount = colorCount
        self.screen = Buffer(size: size)
    }

    /// Records `buffer`, applying its diff against the last drawn buffer to ``screen``.
    public func draw(_ buffer: Buffer) {
        let previous = needsFullRepaint ? nil : lastBuffer
        lastRuns = BufferDiff.between(previous, buffer)
        if screen.size != buffer.size { screen = Buffer(size: buffer.size) }
        for run in lastRuns {
            for (offset, cell) in run.cells.enumerated() {
                screen[x: run.x + offset, y: run.y] = cell
            }
            cellsWritten += run.cells.count
        }
        lastBuffer = buffer
        drawCount += 1
        needsFullRepaint = false
    }

    /// Makes the next draw a full repaint.
    public func invalidate() {
        needsFullRepaint = true
    }

    /// Marks the backend suspended.
    public func suspend() {
        isSuspended = true
    }

    /// Marks the backend resumed; the next draw is a full repaint.
    public func resume() {
        isSuspended = false
        needsFullRepaint = true
    }

    /// Changes the size as a terminal resize would; the next draw is a full repaint.
    public func resize(to newSize: Size) {
        size = newSize
        screen = Buffer(size: newSize)
        needsFullRepaint = true
    }

    /// The text of the last drawn buffer, one string per row (empty before the first draw).
    public func lines(trimmingTrailingSpaces: Bool = true) -> [String] {
        lastBuffer?.lines(trimmingTrailingSpaces: trimmingTrailingSpaces) ?? []
    }
}

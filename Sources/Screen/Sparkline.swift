/// A bar chart of recent values, newest at the right edge, drawn with `▁▂▃▄▅▆▇█`.
public struct Sparkline: Widget, Sendable {
    /// The values, oldest first; only the newest that fit are shown.
    public var values: [Double]
    /// The value drawn as a full bar; nil uses the largest value shown.
    public var max: Double?
    /// The style of the bars.
    public var style: Style

    /// Creates a sparkline.
    public init(values: [Double], max: Double? = nil, style: Style = .plain) {
        self.values = values
        self.max = max
        self.style = style
    }

    /// Bars for 1…8 eighths of a cell.
    static let bars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Draws one column per value, right-aligned, scaled to the area's height.
    ///
    /// Zero, negative and NaN values draw nothing; any positive value draws at least `▁`.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        buffer.fill(r, style: style)
        let shown = values.suffix(r.width)
        let top = self.max ?? shown.filter { !$0.isNaN }.max() ?? 0
        guard top > 0 else { return }
        let levels = r.height * 8
        var x = r.maxX - shown.count
        for value in shown {
            defer { x += 1 }
            guard value > 0, !value.isNaN else { continue }
            var level = Int((Swift.min(value, top) / top * Double(levels)).rounded())
            level = Swift.max(1, level)
            for row in 0..<r.height {
                let inRow = level - row * 8
                guard inRow > 0 else { break }
                buffer[x: x, y: r.maxY - 1 - row] = Cell(Sparkline.bars[Swift.min(8, inRow) - 1], style: style)
            }
        }
    }
}

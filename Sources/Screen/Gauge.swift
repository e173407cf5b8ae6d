import TerminalText

/// A horizontal progress bar with eighth-cell precision and a centred label.
public struct Gauge: Widget, Sendable {
    /// The filled fraction, clamped to 0…1 (NaN counts as 0).
    public var ratio: Double
    /// Text centred on the bar, e.g. `"42%"`; elided when too long.
    public var label: String
    /// The style of the filled part (its foreground colours the blocks).
    public var filledStyle: Style
    /// The style of the empty part.
    public var emptyStyle: Style

    /// Creates a gauge.
    public init(ratio: Double, label: String = "", filledStyle: Style = .plain, emptyStyle: Style = .plain) {
        self.ratio = ratio
        self.label = label
        self.filledStyle = filledStyle
        self.emptyStyle = emptyStyle
    }

    /// Partial blocks for 1…7 eighths of a cell.
    static let partials = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Draws the bar on every row of `area` and the label on the middle row.
    ///
    /// Label characters over the filled part use ``filledStyle`` reversed so they stay readable.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        let clamped = ratio.isNaN ? 0 : min(1, max(0, ratio))
        let eighths = Int((clamped * Double(r.width * 8)).rounded(.down))
        let full = eighths / 8
        let partial = eighths % 8
        for y in r.y..<r.maxY {
            for k in 0..<r.width {
                if k < full {
                    buffer[x: r.x + k, y: y] = Cell("█", style: filledStyle)
                } else if k == full && partial > 0 {
                    buffer[x: r.x + k, y: y] = Cell(Gauge.partials[partial - 1], style: filledStyle)
                } else {
                    buffer[x: r.x + k, y: y] = Cell(" ", style: emptyStyle)
                }
            }
        }
        guard !label.isEmpty else { return }
        let y = r.y + r.height / 2
        let text = DisplayWidth.of(label) <= r.width ? label : nil
        let labelWidth = min(DisplayWidth.of(label), r.width)
        let start = r.x + (r.width - labelWidth) / 2
        var scratch = Buffer(size: Size(width: labelWidth, height: 1))
        if let text {
            scratch.put(text, x: 0, y: 0)
        } else {
            scratch.putElided(label, x: 0, y: 0, width: labelWidth)
        }
        let onFilled = filledStyle.reverse()
        for k in 0..<labelWidth {
            let x = start + k
            var cell = scratch[x: k, y: 0]
            cell.style = (x - r.x) < full ? onFilled : emptyStyle
            buffer[x: x, y: y] = cell
        }
    }
}

import TerminalText

/// A one-line bar of key hints such as `q Quit  / Search`, laid out left to right.
public struct KeyHintBar: Widget, Sendable {
    /// The hints, in order of importance (the last ones are dropped first).
    public var hints: [(key: String, label: String)]
    /// The style of the bar.
    public var style: Style
    /// The style patched onto the keys.
    public var keyStyle: Style
    /// The style patched onto the labels.
    public var labelStyle: Style

    /// Creates a hint bar.
    public init(
        hints: [(key: String, label: String)],
        style: Style = .plain,
        keyStyle: Style = Style.plain.bold(),
        labelStyle: Style = .plain
    ) {
        self.hints = hints
        self.style = style
        self.keyStyle = keyStyle
        self.labelStyle = labelStyle
    }

    /// Draws the hints on the first row of `area`; a hint that does not fit is replaced by `…`.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        let row = Rect(x: r.x, y: r.y, width: r.width, height: 1)
        buffer.fill(row, style: style)
        var x = r.x
        for (index, hint) in hints.enumerated() {
            let separator = index == 0 ? 0 : 2
            let width = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.label)
            if x + separator + width > r.maxX {
                if x + 1 < r.maxX || (index == 0 && x < r.maxX) {
                    buffer.put("…", x: index == 0 ? x : x + 1, y: r.y, style: labelStyle)
                }
                return
            }
            x += separator
            x += buffer.put(hint.key, x: x, y: r.y, style: keyStyle)
            x += 1
            x += buffer.put(hint.label, x: x, y: r.y, style: labelStyle)
        }
    }
}

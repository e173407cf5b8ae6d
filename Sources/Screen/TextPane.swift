import TerminalText

/// A scrolling view of many lines (logs, YAML, events) with search highlighting and a scrollbar.
///
/// Lines come from a provider called only for the lines on screen.
public struct TextPane: Widget {
    /// The total number of lines.
    public var lineCount: Int
    /// Returns line `i`; called once per visible line per render.
    public var line: (Int) -> Line
    /// The first line shown.
    public var offset: Int
    /// Search highlighting: every case-insensitive match of `query` is marked;
    /// matches on line `current` (a line index from ``matches(in:query:)``) get the current style.
    public var highlight: (query: String, current: Int?)?
    /// The style of the area.
    public var style: Style
    /// The style patched onto matches.
    public var highlightStyle: Style
    /// The style patched onto matches on the current line.
    public var currentHighlightStyle: Style
    /// Whether a scrollbar is drawn in the last column when the lines do not fit.
    public var showsScrollbar: Bool
    /// The style of the scrollbar.
    public var scrollbarStyle: Style

    /// Creates a pane over a line provider.
    public init(
        lineCount: Int,
        offset: Int = 0,
        highlight: (query: String, current: Int?)? = nil,
        style: Style = .plain,
        highlightStyle: Style = Style(fg: .black, bg: .yellow),
        currentHighlightStyle: Style = Style(fg: .black, bg: .brightYellow, attributes: .bold),
        showsScrollbar: Bool = true,
        scrollbarStyle: Style = Style.plain.dim(),
        line: @escaping (Int) -> Line
    ) {
        self.lineCount = lineCount
        self.line = line
        self.offset = offset
        self.highlight = highlight
        self.style = style
        self.highlightStyle = highlightStyle
        self.currentHighlightStyle = currentHighlightStyle
        self.showsScrollbar = showsScrollbar
        self.scrollbarStyle = scrollbarStyle
    }

    /// Creates a pane over an array of lines.
    public init(
        lines: [Line],
        offset: Int = 0,
        highlight: (query: String, current: Int?)? = nil,
        style: Style = .plain,
        showsScrollbar: Bool = true
    ) {
        self.init(lineCount: lines.count, offset: offset, highlight: highlight, style: style, showsScrollbar: showsScrollbar) { lines[$0] }
    }

    /// Returns the indices of the lines containing `query`, ignoring case (empty for an empty query).
    public static func matches(in lines: [Line], query: String) -> [Int] {
        guard !query.isEmpty else { return [] }
        return lines.indices.filter { TextSearch.contains(query, in: lines[$0].text) }
    }

    /// Returns the indices of the strings containing `query`, ignoring case (empty for an empty query).
    public static func matches(in lines: [String], query: String) -> [Int] {
        guard !query.isEmpty else { return [] }
        return lines.indices.filter { TextSearch.contains(query, in: lines[$0]) }
    }

    /// The largest useful offset for `height` visible lines.
    public func maxOffset(height: Int) -> Int {
        max(0, lineCount - height)
    }

    /// Draws the visible lines, the highlights and the scrollbar.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        buffer.fill(r, style: style)
        let first = min(max(0, offset), maxOffset(height: r.height))
        let scrollbar = showsScrollbar && lineCount > r.height && r.width > 1
        let textWidth = scrollbar ? r.width - 1 : r.width
        for k in 0..<min(r.height, lineCount - first) {
            let index = first + k
            let y = r.y + k
            let content = line(index)
            buffer.put(content, x: r.x, y: y, maxWidth: textWidth)
            if let highlight, !highlight.query.isEmpty {
                mark(highlight.query, in: content, x: r.x, y: y, width: textWidth,
                     style: highlight.current == index ? currentHighlightStyle : highlightStyle, buffer: &buffer)
            }
        }
        if scrollbar {
            drawScrollbar(x: r.maxX - 1, top: r.y, height: r.height, first: first, buffer: &buffer)
        }
    }

    private func mark(_ query: String, in content: Line, x: Int, y: Int, width: Int, style: Style, buffer: inout Buffer) {
        let text = content.text
        let ranges = TextSearch.ranges(of: query, in: text)
        guard !ranges.isEmpty else { return }
        var columns: [Int] = [0]
        columns.reserveCapacity(text.count + 1)
        for character in text { columns.append(columns[columns.count - 1] + DisplayWidth.of(character)) }
        for range in ranges {
            let start = columns[range.lowerBound]
            let end = min(columns[range.upperBound], width)
            guard start < end else { continue }
            buffer.setStyle(Rect(x: x + start, y: y, width: end - start, height: 1), style: style)
        }
    }

    private func drawScrollbar(x: Int, top: Int, height: Int, first: Int, buffer: inout Buffer) {
        let thumb = max(1, height * height / max(1, lineCount))
        let travel = height - thumb
        let maxFirst = max(1, maxOffset(height: height))
        let position = travel * first / maxFirst
        for k in 0..<height {
            let inThumb = k >= position && k < position + thumb
            buffer.put(inThumb ? "█" : "│", x: x, y: top + k, style: scrollbarStyle)
        }
    }
}

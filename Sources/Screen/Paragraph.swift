import TerminalText

/// Lines of text, wrapped at word boundaries or clipped at the right edge.
public struct Paragraph: Widget, Sendable {
    /// The lines.
    public var lines: [Line]
    /// Whether long lines wrap (true) or are clipped (false).
    public var wrap: Bool
    /// Rows skipped at the top (after wrapping).
    public var offset: Int
    /// The style of the area.
    public var style: Style

    /// Creates a paragraph.
    public init(lines: [Line], wrap: Bool = true, offset: Int = 0, style: Style = .plain) {
        self.lines = lines
        self.wrap = wrap
        self.offset = offset
        self.style = style
    }

    /// Returns the rows the paragraph occupies at `width` columns.
    public func rows(width: Int) -> [Line] {
        guard wrap else { return lines }
        return lines.flatMap { Paragraph.wrap($0, width: width) }
    }

    /// Draws the rows from ``offset`` on.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard !r.isEmpty else { return }
        buffer.fill(r, style: style)
        let all = rows(width: r.width)
        let first = max(0, offset)
        for (k, row) in all.dropFirst(first).prefix(r.height).enumerated() {
            buffer.put(row, x: r.x, y: r.y + k, maxWidth: r.width)
        }
    }

    /// Splits `line` into rows of at most `width` columns, breaking after spaces where possible.
    ///
    /// Words longer than a row are broken anywhere; spaces at a break are dropped; styles are kept.
    public static func wrap(_ line: Line, width: Int) -> [Line] {
        guard width > 0 else { return [] }
        if line.width <= width { return [line] }
        var pieces: [(character: Character, style: Style, width: Int)] = []
        for span in line.spans {
            for character in span.text {
                pieces.append((character, span.style, DisplayWidth.of(character)))
            }
        }
        var rows: [Line] = []
        var start = 0
        while start < pieces.count {
            var used = 0
            var end = start
            var lastBreak: Int?
            while end < pieces.count && used + pieces[end].width <= width {
                used += pieces[end].width
                if pieces[end].character == " " { lastBreak = end }
                end += 1
            }
            if end == start { end = start + 1 }
            var next = end
            if end < pieces.count {
                if pieces[end].character == " " {
                    next = end + 1
                } else if let lastBreak, lastBreak > start {
                    end = lastBreak
                    next = lastBreak + 1
                }
            }
            rows.append(makeLine(pieces[start..<end]))
            start = next
            while start < pieces.count && pieces[start].character == " " { start += 1 }
        }
        return rows
    }

    /// Like ``wrap(_:width:)``, but at most `maxRows` rows; when text is left over, the last
    /// row ends with `…`.
    public static func wrap(_ line: Line, width: Int, maxRows: Int) -> [Line] {
        guard maxRows > 0 else { return [] }
        var rows = wrap(line, width: width)
        guard rows.count > maxRows else { return rows }
        rows.removeLast(rows.count - maxRows)
        var last = rows[maxRows - 1]
        // Make room for the mark.
        while last.width + 1 > width, !last.spans.isEmpty {
            let i = last.spans.count - 1
            last.spans[i].text.removeLast()
            if last.spans[i].text.isEmpty { last.spans.removeLast() }
        }
        last.spans.append(Span("…", style: last.spans.last?.style ?? .plain))
        rows[maxRows - 1] = last
        return rows
    }

    private static func makeLine(_ pieces: ArraySlice<(character: Character, style: Style, width: Int)>) -> Line {
        var spans: [Span] = []
        for piece in pieces {
            if let last = spans.last, last.style == piece.style {
                spans[spans.count - 1].text.append(piece.character)
            } else {
                spans.append(Span(String(piece.character), style: piece.style))
            }
        }
        var trimmed = Line(spans)
        while let last = trimmed.spans.last, last.text.hasSuffix(" ") {
            trimmed.spans[trimmed.spans.count - 1].text.removeLast()
            if trimmed.spans[trimmed.spans.count - 1].text.isEmpty { trimmed.spans.removeLast() }
        }
        return trimmed.spans.isEmpty ? Line("") : trimmed
    }
}

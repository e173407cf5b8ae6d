import TerminalText

extension Buffer {
    /// Writes `text` at (`x`, `y`), clipped at `maxWidth` columns and at the buffer edge.
    ///
    /// `style` is patched onto the cells written. A wide character that does not
    /// fit is replaced by a space; zero-width clusters (lone combining marks,
    /// control characters) are skipped. Nothing is sanitised: callers pass text
    /// through ``Sanitizer`` first. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int = .max, style: Style = .plain) -> Int {
        guard y >= 0, y < size.height, maxWidth > 0, x < size.width else { return 0 }
        let limit = x > size.width - maxWidth ? size.width : x + maxWidth
        var col = x
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            for byte in text.utf8 {
                guard byte >= 0x20 && byte != 0x7F else { continue }
                if col >= limit { break }
                if col >= 0 { write(Buffer.asciiSymbols[Int(byte)], width: 1, x: col, y: y, style: style) }
                col += 1
            }
            return max(0, col - max(x, 0))
        }
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            if col + width > limit {
                if col < limit && col >= 0 {
                    write(" ", width: 1, x: col, y: y, style: style)
                    col += 1
                }
                break
            }
            if col >= 0 {
                write(String(character), width: width, x: col, y: y, style: style)
            } else if col + width > 0 {
                write(" ", width: 1, x: 0, y: y, style: style)
            }
            col += width
        }
        return max(0, col - max(x, 0))
    }

    /// Writes the spans of `line` left to right; each span's style is patched onto `style`.
    ///
    /// Clips like the `String` overload and returns the number of columns written.
    @discardableResult
    public mutating func put(_ line: Line, x: Int, y: Int, maxWidth: Int = .max, style: Style = .plain) -> Int {
        var written = 0
        for span in line.spans {
            let remaining = maxWidth - written
            guard remaining > 0 else { break }
            written += put(span.text, x: x + written, y: y, maxWidth: remaining, style: style.patched(with: span.style))
        }
        return written
    }

    /// Writes `text` into exactly `width` columns: padded with spaces, or cut with `…` when too long.
    ///
    /// Returns the number of columns covered (less than `width` only at the buffer edge).
    @discardableResult
    public mutating func putElided(_ text: String, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        putElided(Line(text), x: x, y: y, width: width, style: style)
    }

    /// Writes `line` into exactly `width` columns: padded with spaces, or cut with `…` when too long.
    ///
    /// Padding and the ellipsis use `style` patched with the style of the last span written.
    @discardableResult
    public mutating func putElided(_ line: Line, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        guard width > 0, y >= 0, y < size.height else { return 0 }
        let fits = line.width <= width
        let budget = fits ? width : width - 1
        var written = put(line, x: x, y: y, maxWidth: budget, style: style)
        let end = min(size.width, x + width)
        let padEnd = fits ? end : min(size.width, x + width - 1)
        while x + written < padEnd {
            write(" ", width: 1, x: x + written, y: y, style: style)
            written += 1
        }
        if !fits && x + written < end {
            let ellipsisStyle = line.spans.last.map { style.patched(with: $0.style) } ?? style
            write("…", width: 1, x: x + written, y: y, style: ellipsisStyle)
            written += 1
        }
        return written
    }

    /// Sets the symbol of one in-bounds cell and patches its style, repairing wide characters it splits.
    @inline(__always)
    mutating func write(_ symbol: String, width: Int, x: Int, y: Int, style: Style) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let w = size.width
        let i = y * w + x
        if width == 2 && x + 1 >= w {
            cells[i].symbol = " "
            cells[i].style = cells[i].style.patched(with: style)
            return
        }
        if cells[i].symbol.isEmpty && x > 0 { cells[i - 1].symbol = " " }
        let after = x + width
        if after < w && cells[i + width].symbol.isEmpty { cells[i + width].symbol = " " }
        cells[i].symbol = symbol
        cells[i].style = cells[i].style.patched(with: style)
        if width == 2 {
            cells[i + 1].symbol = ""
            cells[i + 1].style = cells[i + 1].style.patched(with: style)
        }
    }

    /// One-character strings for every ASCII byte, so ASCII writes never build strings.
    static let asciiSymbols: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
}

import CNCurses
import Screen

extension CursesTerminal {
    /// Writes the cells that differ from the last drawn buffer, then updates the screen once.
    ///
    /// Each changed cell is placed explicitly, so a width disagreement with the
    /// terminal about one character cannot shift the rest of the row.
    public func draw(_ buffer: Buffer) {
        guard !isStopped, !isSuspended else { return }
        let full = needsFullRepaint || lastDrawn == nil
        if needsFullRepaint && lastDrawn != nil { clearok(window, true) }
        let runs = BufferDiff.between(full ? nil : lastDrawn, buffer)
        let rows = Int(getmaxy(window))
        let cols = Int(getmaxx(window))
        var text = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        for run in runs where run.y < rows {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                guard !cell.symbol.isEmpty, x < cols else { continue }
                let look = attributes(for: cell.style)
                var count = 0
                for scalar in cell.symbol.unicodeScalars {
                    guard count < Int(CCHARW_MAX) else { break }
                    text[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                text[count] = 0
                if poddeck_put_cell(window, Int32(run.y), Int32(x), text, look.attrs, look.pair) == ERR && x < cols - 1 {
                    // Something ncurses will not take (a scalar its locale tables lack): show a space.
                    text[0] = 0x20
                    text[1] = 0
                    _ = poddeck_put_cell(window, Int32(run.y), Int32(x), text, look.attrs, look.pair)
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
        lastDrawn = buffer
        needsFullRepaint = false
    }

    /// The ncurses attributes and colour pair for `style`, cached.
    func attributes(for style: Style) -> (attrs: attr_t, pair: Int32) {
        if let cached = styleCache[style] { return cached }
        var attrs = poddeck_attr_normal()
        if style.attributes.contains(.bold) { attrs |= poddeck_attr_bold() }
        if style.attributes.contains(.dim) { attrs |= poddeck_attr_dim() }
        if style.attributes.contains(.italic) { attrs |= poddeck_attr_italic() }
        if style.attributes.contains(.underline) { attrs |= poddeck_attr_underline() }
        if style.attributes.contains(.reverse) { attrs |= poddeck_attr_reverse() }
        let pair = colorCount > 0 ? colorPairs.pair(fg: style.fg, bg: style.bg) : 0
        styleCache[style] = (attrs, pair)
        return (attrs, pair)
    }
}

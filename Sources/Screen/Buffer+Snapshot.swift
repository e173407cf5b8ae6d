extension Buffer {
    /// Returns the text of each row (a wide character appears once), for snapshots and tests.
    ///
    /// With `trimmingTrailingSpaces` the spaces at the end of each row are dropped.
    public func lines(trimmingTrailingSpaces: Bool = false) -> [String] {
        (0..<size.height).map { y in
            var row = ""
            row.reserveCapacity(size.width)
            let start = y * size.width
            for x in 0..<size.width { row += cells[start + x].symbol }
            if trimmingTrailingSpaces {
                while row.last == " " { row.removeLast() }
            }
            return row
        }
    }

    /// Returns one character per cell naming its style, for snapshot tests.
    ///
    /// Styles are looked up in `legend`; ``Style/plain`` shows as `.` unless the
    /// legend names it, and a style missing from the legend shows as `?`.
    public func styleMask(legend: [Character: Style]) -> [String] {
        var names: [Style: Character] = [:]
        for (name, style) in legend { names[style] = name }
        return (0..<size.height).map { y in
            var row = ""
            let start = y * size.width
            for x in 0..<size.width {
                let style = cells[start + x].style
                row.append(names[style] ?? (style == .plain ? "." : "?"))
            }
            return row
        }
    }
}

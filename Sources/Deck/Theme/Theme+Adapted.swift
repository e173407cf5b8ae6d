import Screen

extension Theme {
    /// Returns the theme as a terminal with `colorCount` colours can show it.
    ///
    /// Every colour goes through `ColorMapper`; with fewer than 8 colours (pass 0 for
    /// `NO_COLOR` or a monochrome terminal) all colours become the terminal's own and only
    /// attributes remain. Two fixes keep the result usable:
    /// - text whose foreground and background map to the same colour gets black or white
    ///   text instead, whichever stands out on that background;
    /// - when `selection` would look exactly like `body`, it gets reverse video
    ///   (toggled, so a reversed body still yields a visible selection).
    ///
    /// With 8 to 15 colours, bright foregrounds (palette 8–15) become their base colour
    /// in bold, the way such terminals show bright text.
    public func adapted(toColorCount colorCount: Int) -> Theme {
        let mapper = ColorMapper(colorCount: colorCount)
        var mapped: [ThemeKey: Style] = [:]
        for key in ThemeKey.allCases {
            let style = self[key]
            var adapted = Style(fg: mapper.map(style.fg), bg: mapper.map(style.bg), attributes: style.attributes)
            if (8..<16).contains(colorCount), case .indexed(let index) = style.fg, (8..<16).contains(index) {
                adapted.attributes.insert(.bold)
            }
            if adapted.fg == adapted.bg, adapted.fg != .default, style.fg != style.bg {
                adapted.fg = Self.contrasting(with: adapted.bg)
            }
            mapped[key] = adapted
        }
        if mapped[.selection] == mapped[.body], var selection = mapped[.selection] {
            selection.attributes.formSymmetricDifference(.reverse)
            mapped[.selection] = selection
        }
        return Theme(name: name, source: source, styles: mapped)
    }

    /// Black on light backgrounds, white on dark ones (by the xterm palette).
    static func contrasting(with background: Color) -> Color {
        guard let (r, g, b) = ColorMapper.rgb(of: background) else { return .default }
        let luminance = 299 * Int(r) + 587 * Int(g) + 114 * Int(b)
        return luminance > 128 * 1000 ? .black : .white
    }
}

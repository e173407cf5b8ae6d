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
    ///
    /// Within each of ``ThemeKey/distinctGroups``, foregrounds that differ in the theme stay
    /// different when mapped to the terminal's colours (the ANSI colours, or the 256-colour cube
    /// and grey ramp): of two that met, the one that loses least moves to its next nearest colour
    /// not taken in the group (Solarized's green and yellow both lie nearest ANSI yellow; the
    /// green moves to green).
    public func adapted(toColorCount colorCount: Int) -> Theme {
        let mapper = ColorMapper(colorCount: colorCount)
        let foregrounds = distinctForegrounds(mapper)
        var mapped: [ThemeKey: Style] = [:]
        for key in ThemeKey.allCases {
            let style = self[key]
            var adapted = Style(fg: foregrounds[key] ?? mapper.map(style.fg), bg: mapper.map(style.bg), attributes: style.attributes)
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

    /// The mapped foregrounds of the keys in ``ThemeKey/distinctGroups``, moved apart where
    /// the mapping made two different ones alike.
    func distinctForegrounds(_ mapper: ColorMapper) -> [ThemeKey: Color] {
        var result: [ThemeKey: Color] = [:]
        for group in ThemeKey.distinctGroups {
            let choices = group.map { mapper.choices(for: self[$0].fg) }
            var picked = Array(repeating: 0, count: group.count)
            func shown(_ i: Int) -> Color { choices[i][picked[i]].color }
            // Where key `i` would move next (its nearest choice no other key of the group
            // shows), and what that costs.
            func move(_ i: Int) -> (to: Int, cost: Int)? {
                let taken = Set(group.indices.filter { $0 != i }.map(shown))
                guard let to = choices[i].indices.first(where: { $0 > picked[i] && !taken.contains(choices[i][$0].color) }) else { return nil }
                return (to, choices[i][to].distance - choices[i][picked[i]].distance)
            }
            // Every round moves a key on (never back) or gives a pair up: this ends.
            var givenUp: Set<[Int]> = []
            while let (a, b) = meeting(in: group, shown: shown, skipping: givenUp) {
                switch (move(a), move(b)) {
                case let (ma?, mb?): if ma.cost <= mb.cost { picked[a] = ma.to } else { picked[b] = mb.to }
                case let (ma?, nil): picked[a] = ma.to
                case let (nil, mb?): picked[b] = mb.to
                case (nil, nil): givenUp.insert([a, b])
                }
            }
            for (i, key) in group.enumerated() { result[key] = shown(i) }
        }
        return result
    }

    /// The first two keys of `group` (by index, not in `skipping`) whose foregrounds differ
    /// in the theme, on the same background, but are shown alike.
    private func meeting(in group: [ThemeKey], shown: (Int) -> Color, skipping: Set<[Int]>) -> (Int, Int)? {
        for a in group.indices {
            for b in group.indices where b > a && !skipping.contains([a, b]) {
                let (sa, sb) = (self[group[a]], self[group[b]])
                if sa.fg != sb.fg, sa.bg == sb.bg, shown(a) == shown(b) { return (a, b) }
            }
        }
        return nil
    }

    /// Black on light backgrounds, white on dark ones (by the xterm palette).
    static func contrasting(with background: Color) -> Color {
        guard let (r, g, b) = ColorMapper.rgb(of: background) else { return .default }
        let luminance = 299 * Int(r) + 587 * Int(g) + 114 * Int(b)
        return luminance > 128 * 1000 ? .black : .white
    }
}

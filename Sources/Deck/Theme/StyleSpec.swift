import Screen

/// A style as a theme file gives it: colours that were not given are nil and come from `body`.
///
/// `Color.default` given explicitly means the terminal's own colour; nil means "as body".
struct StyleSpec: Sendable, Equatable {
    /// The foreground colour, or nil for body's.
    var fg: Color?
    /// The background colour, or nil for body's.
    var bg: Color?
    /// The attributes (never taken from body).
    var attributes: Attributes

    /// Creates a spec.
    init(fg: Color? = nil, bg: Color? = nil, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// Returns the style, taking colours that were not given from `base`.
    func resolved(over base: Style) -> Style {
        Style(fg: fg ?? base.fg, bg: bg ?? base.bg, attributes: attributes)
    }

    /// The attribute words of theme files, in documentation order.
    static let attributeWords: [(word: String, attribute: Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
    ]

    /// Returns the attribute `word` names (`plain` names none), or nil when it is not one.
    static func attribute(named word: String) -> Attributes? {
        let folded = ThemeColor.fold(word)
        if folded == "plain" { return [] }
        return attributeWords.first { $0.word == folded }?.attribute
    }
}

import Screen

/// A complete set of styles, one for every ``ThemeKey``.
///
/// Themes are loaded from YAML files by ``ThemeLoader``; ``fallback`` is the built-in
/// default. Views look styles up by meaning (`theme[.selection]`), never by colour.
public struct Theme: Sendable, Equatable {
    /// The theme's name: the file's `name:` or else the file name without extension.
    public let name: String
    /// Where the theme came from: a file path, or `"built-in"`.
    public let source: String
    /// The style of every key.
    private let styles: [ThemeKey: Style]

    /// Creates a theme from resolved styles. Keys missing from `styles` take the style of
    /// `body` (or the terminal's plain look when `body` is missing too).
    public init(name: String, source: String = "built-in", styles: [ThemeKey: Style]) {
        self.name = name
        self.source = source
        let body = styles[.body] ?? .plain
        var complete: [ThemeKey: Style] = [:]
        for key in ThemeKey.allCases { complete[key] = styles[key] ?? body }
        self.styles = complete
    }

    /// Creates a theme from the styles a file sets: colours not given come from `body`,
    /// keys not given take `body`'s whole style.
    init(name: String, source: String, specs: [ThemeKey: StyleSpec]) {
        let body = (specs[.body] ?? StyleSpec()).resolved(over: .plain)
        var styles: [ThemeKey: Style] = [:]
        for key in ThemeKey.allCases {
            styles[key] = specs[key].map { $0.resolved(over: body) } ?? body
        }
        self.init(name: name, source: source, styles: styles)
    }

    /// The style for `key`. Every key has one.
    public subscript(_ key: ThemeKey) -> Style {
        styles[key] ?? .plain
    }
}

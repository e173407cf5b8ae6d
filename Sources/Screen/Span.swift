import TerminalText

/// A run of text in one style.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The text; callers sanitise untrusted text with ``Sanitizer`` first.
    public var text: String
    /// The style patched onto the cells the text covers.
    public var style: Style

    /// Creates a span.
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// Creates a span (positional form).
    public init(_ text: String, _ style: Style) {
        self.init(text, style: style)
    }

    /// Creates a plain span from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The number of columns the text occupies.
    public var width: Int { DisplayWidth.of(text) }
}

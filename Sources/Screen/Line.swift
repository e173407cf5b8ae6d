import TerminalText

/// One line of styled text made of spans.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The spans, left to right.
    public var spans: [Span]

    /// Creates a line from spans.
    public init(_ spans: [Span]) {
        self.spans = spans
    }

    /// Creates a line holding one span.
    public init(_ text: String, style: Style = .plain) {
        self.spans = [Span(text, style: style)]
    }

    /// Creates a plain line from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The number of columns the line occupies.
    public var width: Int {
        var total = 0
        for span in spans { total += DisplayWidth.of(span.text) }
        return total
    }

    /// The line's text without styles.
    public var text: String {
        spans.count == 1 ? spans[0].text : spans.map(\.text).joined()
    }

    /// Whether the line has no text.
    public var isEmpty: Bool { spans.allSatisfy { $0.text.isEmpty } }
}

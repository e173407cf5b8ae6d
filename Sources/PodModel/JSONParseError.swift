/// Why a text is not valid JSON, and where.
///
/// `line` and `column` are 1-based; the column counts Unicode scalars, so it matches what an
/// editor shows. `offset` is the 0-based byte offset of the problem.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based byte offset at which the problem was found.
    public var offset: Int
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column of the problem, counted in Unicode scalars.
    public var column: Int
    /// What is wrong, e.g. `expected ',' or '}' after object member`.
    public var message: String
    /// Whether the input ended before the value was complete (it looks truncated).
    public var isTruncated: Bool

    /// Creates an error at a known position.
    public init(offset: Int, line: Int, column: Int, message: String, isTruncated: Bool = false) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
        self.isTruncated = isTruncated
    }

    /// The position and message, e.g. `line 3, column 14: expected ':' after object key`.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}

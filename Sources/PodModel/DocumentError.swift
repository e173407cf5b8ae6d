/// Why an edited or supplied document could not be read, and where.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad reason a document was rejected.
    public enum Kind: Sendable, Hashable {
        /// The document has no content (only whitespace or comment lines).
        case empty
        /// The text is not valid JSON or YAML.
        case syntax
        /// The document is valid but its top level is not an object.
        case notAnObject
        /// The YAML text holds more than one document.
        case multipleDocuments
        /// A value has no JSON equivalent (e.g. `.inf`, `.nan`, or a mapping used as a key).
        case unsupportedValue
    }

    /// The broad reason.
    public var kind: Kind
    /// The 1-based line of the problem, when known.
    public var line: Int?
    /// The 1-based column of the problem, when known.
    public var column: Int?
    /// A one-line explanation, e.g. `mapping values are not allowed here`.
    public var message: String

    /// Creates an error.
    public init(kind: Kind, line: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
    }

    /// The document has no content.
    public static let empty = DocumentError(kind: .empty, message: "the document is empty")

    /// The position (when known) and message, e.g. `line 4, column 3: mapping values are not allowed here`.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): "line \(line), column \(column): \(message)"
        case let (line?, nil): "line \(line): \(message)"
        default: message
        }
    }
}

extension DocumentError {
    /// The error for a JSON syntax problem.
    init(_ error: JSONParseError) {
        self.init(kind: .syntax, line: error.line, column: error.column, message: error.message)
    }
}

import PodModel

/// Why an edited document cannot be saved: a parse error (with its position in the file) or a
/// validation error (with its field path).
public struct EditProblem: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line in the edit file, for parse errors.
    public var line: Int?
    /// The 1-based column, for parse errors.
    public var column: Int?
    /// The field path, for validation errors (e.g. `spec.containers[0].image`).
    public var path: String?
    /// The explanation (for validation errors, the whole Kubernetes-style message).
    public var message: String

    /// Creates a problem.
    public init(line: Int? = nil, column: Int? = nil, path: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// A parse error.
    init(_ error: DocumentError) {
        self.init(line: error.line, column: error.column, message: error.message)
    }

    /// A validation error.
    init(_ error: FieldError) {
        self.init(path: error.path, message: error.description)
    }

    /// `line 4, column 3: mapping values are not allowed here`, or the validation message
    /// (which starts with its field path).
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "line \(line), column \(column): \(message)"
        case let (line?, nil): return "line \(line): \(message)"
        default: return message
        }
    }

    /// The same problem with its line moved by `offset` (the file's header changed size).
    func shifted(by offset: Int) -> EditProblem {
        var copy = self
        if let line, line + offset >= 1 { copy.line = line + offset }
        return copy
    }
}

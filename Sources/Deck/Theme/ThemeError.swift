import Ops

/// Why a theme could not be loaded, naming the file, line and key at fault.
///
/// The description reads like a compiler message, for example
/// `themes/mine.yaml:7: unknown key "headr" (did you mean "header"?)`.
public struct ThemeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of problem.
    public enum Kind: String, Sendable, Equatable {
        /// No theme of that name on the search path, or no file at that path.
        case notFound
        /// The file exists but cannot be read, is not UTF-8 text, or is too large.
        case unreadable
        /// The file is not valid YAML, or is nested too deeply to be a theme.
        case invalidYAML
        /// A key or field that themes do not have.
        case unknownKey
        /// The same key given twice in one mapping.
        case duplicateKey
        /// A value of the wrong shape (a list where a style belongs, say).
        case wrongType
        /// A colour that is not a name, `#rrggbb`, `#rgb`, 0–255 or `default`.
        case badColor
        /// An attribute word or flag that cannot be read.
        case badAttribute
        /// Themes that inherit from each other in a circle.
        case inheritanceCycle
    }

    /// The kind of problem.
    public var kind: Kind
    /// The file (or other source) at fault, if the problem is inside one.
    public var file: String?
    /// The 1-based line in ``file``, when known.
    public var line: Int?
    /// The theme key at fault, such as `selection` or `selection.bg`, when known.
    public var key: String?
    /// What is wrong and what to do, without the `file:line: ` prefix.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, key: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// The message prefixed with `file:line: ` (or `file: `) when those are known.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(message)"
        case let (file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}

extension ThemeError {
    /// Returns `text` in double quotes, with control characters escaped and long text cut short,
    /// so that any input can be shown safely in a message.
    static func quoted(_ text: some StringProtocol) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 60 {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Bounds on theme file text, checked before the YAML reader sees it.
///
/// The YAML reader builds nodes recursively and hashes mapping keys, so deeply nested
/// text can exhaust a thread's stack and aliases can expand exponentially. A theme needs
/// neither, so text beyond these bounds is refused with an error instead.
enum ThemeInputLimits {
    /// The largest theme file accepted, in bytes.
    static let maxBytes = 256 * 1024
    /// The most `[` and `{` a file may contain (bounds flow nesting).
    static let maxBrackets = 128
    /// The widest run of indentation and `-`, `?`, `:` indicators that may start a line
    /// (bounds block nesting).
    static let maxIndent = 32
    /// The most `*alias` references a file may contain (bounds alias expansion).
    static let maxAliases = 32

    /// Throws when `text` is beyond the bounds.
    static func check(_ text: String, source: String) throws(ThemeError) {
        let bytes = text.utf8
        if bytes.count > maxBytes {
            throw ThemeError(.unreadable, file: source,
                             message: "too large for a theme (\(bytes.count) bytes; at most \(maxBytes))")
        }
        var brackets = 0
        var aliases = 0
        var line = 1
        var indent = 0
        var atLineStart = true
        var previous: Unicode.Scalar = "\n"
        for scalar in text.unicodeScalars {
            if isLineBreak(scalar) {
                if !(scalar == "\n" && previous == "\r") { line += 1 }
                indent = 0
                atLineStart = true
                previous = scalar
                continue
            }
            switch scalar {
            case "[", "{":
                brackets += 1
                if brackets > maxBrackets {
                    throw ThemeError(.invalidYAML, file: source, line: line,
                                     message: "nested too deeply for a theme (more than \(maxBrackets) [ and {)")
                }
            case "*":
                if isSeparator(previous) {
                    aliases += 1
                    if aliases > maxAliases {
                        throw ThemeError(.invalidYAML, file: source, line: line,
                                         message: "too many aliases for a theme (more than \(maxAliases))")
                    }
                }
            default:
                break
            }
            if atLineStart {
                if isIndicator(scalar) {
                    indent += 1
                    if indent > maxIndent {
                        throw ThemeError(.invalidYAML, file: source, line: line,
                                         message: "nested too deeply for a theme (indented more than \(maxIndent) columns)")
                    }
                } else {
                    atLineStart = false
                }
            }
            previous = scalar
        }
    }

    /// Whether YAML reads `scalar` as a line break (CR, LF, NEL, LS, PS).
    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": return true
        default: return false
        }
    }

    /// Whether `scalar` may precede an alias.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "[", "{", ",", ":", "?", "-":
            return true
        default:
            return false
        }
    }

    /// Whether `scalar` can open a nested block at the start of a line.
    private static func isIndicator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "-", "?", ":", "\u{FEFF}":
            return true
        default:
            return false
        }
    }
}

import Yams

/// The YAML text a document was parsed from, kept to put back byte order marks that start a
/// scalar.
///
/// The YAML reader decodes each scalar's bytes with Foundation's UTF-8 decoding, which drops a
/// leading U+FEFF as if it marked the byte order of a file: a key or value such as `"\uFEFFapp"`
/// would silently come back as `app`. The source text tells how many U+FEFF (written as the
/// escapes `\uFEFF` or `\U0000FEFF` in a double-quoted scalar) begin the scalar, and the missing
/// ones are put back.
struct ScalarSource {
    /// The text as Unicode scalars (the YAML reader counts columns in them), or nil when the
    /// text cannot hold a byte order mark, which keeps the common case free.
    private let scalars: [Unicode.Scalar]?
    /// Where each line starts, as an index into `scalars`.
    private let lineStarts: [Int]

    init(_ text: String) {
        guard Self.mayHoldByteOrderMark(text) else {
            scalars = nil
            lineStarts = []
            return
        }
        let all = Array(text.unicodeScalars)
        var starts = [0]
        var i = 0
        while i < all.count {
            switch all[i] {
            case "\r":
                if i + 1 < all.count, all[i + 1] == "\n" { i += 1 }
                starts.append(i + 1)
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                starts.append(i + 1)
            default:
                break
            }
            i += 1
        }
        scalars = all
        lineStarts = starts
    }

    /// Whether `text` has a U+FEFF (bytes EF BB BF) or the letters `feff` in any case, found in
    /// one pass over its bytes without copying it.
    private static func mayHoldByteOrderMark(_ text: String) -> Bool {
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in text.utf8 {
            if previous == (0xEF, 0xBB, 0xBF) { return true }
            let folded = byte | 0x20
            if folded == UInt8(ascii: "f"), (previous.0 | 0x20, previous.1 | 0x20, previous.2 | 0x20) == (UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "f")) {
                return true
            }
            previous = (previous.1, previous.2, byte)
        }
        return previous == (0xEF, 0xBB, 0xBF)
    }

    /// `value` with the byte order marks the scalar at `mark` starts with in the source.
    func restoringByteOrderMarks(_ value: String, at mark: Mark?, style: Node.Scalar.Style) -> String {
        guard let scalars, let mark, mark.line >= 1, mark.line <= lineStarts.count, mark.column >= 1 else { return value }
        var i = lineStarts[mark.line - 1] + mark.column - 1
        if style == .doubleQuoted || style == .singleQuoted { i += 1 }
        var inSource = 0
        while i < scalars.count {
            if scalars[i] == "\u{FEFF}" {
                inSource += 1
                i += 1
            } else if style == .doubleQuoted, scalars[i] == "\\", let length = Self.escapedMarkLength(scalars, at: i + 1) {
                inSource += 1
                i += 1 + length
            } else {
                break
            }
        }
        let kept = value.unicodeScalars.prefix { $0 == "\u{FEFF}" }.count
        guard inSource > kept else { return value }
        return String(repeating: "\u{FEFF}", count: inSource - kept) + value
    }

    /// The length of `uFEFF` or `U0000FEFF` (any case of hex digits) at `index`, if it is there.
    private static func escapedMarkLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard index < scalars.count else { return nil }
        let digits: String
        switch scalars[index] {
        case "u": digits = "feff"
        case "U": digits = "0000feff"
        default: return nil
        }
        let end = index + 1 + digits.unicodeScalars.count
        guard end <= scalars.count else { return nil }
        let found = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased()
        return found == digits ? 1 + digits.unicodeScalars.count : nil
    }
}

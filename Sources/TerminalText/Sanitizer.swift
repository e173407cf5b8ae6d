/// Makes untrusted text (from etcd, Docker, probes) safe to put into cells.
///
/// Nothing that reaches the terminal may move the cursor, change modes or
/// reorder text, so every character that could do so is replaced by a visible,
/// harmless form:
/// - C0 controls and DEL use caret notation: ESC → `^[`, CR → `^M`, LF → `^J`,
///   BEL → `^G`, BS → `^H`, NUL → `^@`, DEL → `^?`. TAB becomes one space.
/// - C1 controls (U+0080–U+009F), bidi embeddings, overrides, isolates and marks
///   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), line and paragraph
///   separators and the other invisible format characters become `<U+XXXX>`.
/// - ZERO WIDTH JOINER/NON-JOINER, variation selectors and combining marks are
///   kept: they only shape the preceding character. Tag characters are kept
///   inside an emoji tag sequence (a flag such as England) and escaped elsewhere.
///
/// Printable ASCII is returned unchanged without allocating.
public enum Sanitizer {
    /// Returns `string` with every control, bidi or invisible format character made visible.
    public static func clean(_ string: String) -> String {
        var needsWork = false
        for byte in string.utf8 where byte < 0x20 || byte >= 0x7F {
            if byte >= 0x80 {
                // Non-ASCII: decide per scalar below.
                needsWork = needsEscaping(string)
                break
            }
            needsWork = true
            break
        }
        guard needsWork else { return string }
        var out = ""
        out.reserveCapacity(string.utf8.count + 8)
        for character in string {
            appendClean(character, to: &out)
        }
        return out
    }

    /// Decodes `bytes` as UTF-8 (invalid sequences become U+FFFD) and cleans the result.
    public static func clean(bytes: [UInt8]) -> String {
        clean(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `string` holds any character ``clean(_:)`` would change.
    public static func needsEscaping(_ string: String) -> Bool {
        for scalar in string.unicodeScalars where escapeClass(scalar) != .keep {
            return true
        }
        return false
    }

    enum EscapeClass {
        case keep, caret, space, codePoint, tag
    }

    @inline(__always)
    static func escapeClass(_ scalar: Unicode.Scalar) -> EscapeClass {
        let v = scalar.value
        if v < 0x20 { return v == 0x09 ? .space : .caret }
        if v < 0x7F { return .keep }
        if v == 0x7F { return .caret }
        if v < 0xA0 { return .codePoint }
        if v < 0x061C { return .keep }
        switch v {
        case 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x206F,
             0xFEFF, 0xFFF9...0xFFFB, 0x110BD, 0x110CD, 0x13430...0x1343F, 0x1BCA0...0x1BCA3,
             0x1D173...0x1D17A, 0xE0001:
            return .codePoint
        case 0xE0020...0xE007F:
            return .tag
        default:
            return .keep
        }
    }

    static func appendClean(_ character: Character, to out: inout String) {
        let scalars = character.unicodeScalars
        var clean = true
        var hasTags = false
        for scalar in scalars {
            switch escapeClass(scalar) {
            case .keep: continue
            case .tag: hasTags = true
            default: clean = false
            }
        }
        if hasTags && scalars.first?.value != 0x1F3F4 { clean = false }
        if clean {
            out.append(character)
            return
        }
        for scalar in scalars {
            switch escapeClass(scalar) {
            case .keep:
                out.unicodeScalars.append(scalar)
            case .space:
                out.append(" ")
            case .caret:
                out.append("^")
                out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value == 0x7F ? 0x3F : scalar.value + 0x40)))
            case .codePoint, .tag:
                out.append(codePointForm(scalar))
            }
        }
    }

    /// `<U+XXXX>` with at least four upper-case hex digits.
    static func codePointForm(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        return "<U+\(hex)>"
    }
}

/// Writes ``JSONValue`` trees as JSON text exactly as Go's `encoding/json` would.
///
/// Strings escape `"` and `\` with a backslash, `\b \f \n \r \t` in their short forms, other
/// control characters as `\u00XX`, and `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`, `\u003e`,
/// `\u0026`, `\u2028` and `\u2029`. Numbers are written as their literal text and object
/// members in their stored order. The indented form, which is meant for people and terminals,
/// also escapes DEL and the C1 controls (U+0080–U+009F, which include the one-byte CSI), so
/// that no value can reach a terminal as a control sequence; it reads back as the same value.
public enum JSONWriter {
    /// The compact form, as Go's `json.Marshal` produces it (no insignificant whitespace).
    public static func compact(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        writeCompact(value, into: &output)
        return output
    }

    /// The indented form, as Go's `json.MarshalIndent(v, "", indent)` and `kubectl -o json`
    /// produce it: `"key": value`, one member or element per line, `{}` and `[]` for empty
    /// containers. There is no trailing newline.
    public static func pretty(_ value: JSONValue, indent: Int = 4) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        writePretty(value, indent: max(0, indent), level: 0, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the Go-compatible quoted form of `text` to `output`.
    static func appendQuoted(_ text: String, terminalSafe: Bool = false, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                var escape: (UInt8, UInt32)?  // (short escape letter or 0, code point for \u)
                var length = 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = (byte, 0)
                case 0x08: escape = (UInt8(ascii: "b"), 0)
                case 0x0C: escape = (UInt8(ascii: "f"), 0)
                case 0x0A: escape = (UInt8(ascii: "n"), 0)
                case 0x0D: escape = (UInt8(ascii: "r"), 0)
                case 0x09: escape = (UInt8(ascii: "t"), 0)
                case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    escape = (0, UInt32(byte))
                case 0x7F where terminalSafe:
                    escape = (0, 0x7F)
                case 0xC2 where terminalSafe:
                    // U+0080–U+009F are C2 80 … C2 9F.
                    if position + 1 < bytes.count, (0x80...0x9F).contains(bytes[position + 1]) {
                        escape = (0, UInt32(bytes[position + 1]))
                        length = 2
                    }
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    if position + 2 < bytes.count, bytes[position + 1] == 0x80,
                       bytes[position + 2] == 0xA8 || bytes[position + 2] == 0xA9 {
                        escape = (0, bytes[position + 2] == 0xA8 ? 0x2028 : 0x2029)
                        length = 3
                    }
                default:
                    break
                }
                guard let (letter, codePoint) = escape else {
                    position += 1
                    continue
                }
                if runStart < position {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                }
                if letter != 0 {
                    output.append(UInt8(ascii: "\\"))
                    output.append(letter)
                } else {
                    appendUnicodeEscape(codePoint, into: &output)
                }
                position += length
                runStart = position
            }
            if runStart < bytes.count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ value: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int(value >> UInt32(shift) & 0xF)])
        }
    }

    private static func writeCompact(_ value: JSONValue, terminalSafe: Bool = false, into output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal):
            output.append(contentsOf: literal.utf8)
        case .string(let text):
            appendQuoted(text, terminalSafe: terminalSafe, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeCompact(element, terminalSafe: terminalSafe, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                appendQuoted(key, terminalSafe: terminalSafe, into: &output)
                output.append(UInt8(ascii: ":"))
                writeCompact(member, terminalSafe: terminalSafe, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writePretty(_ value: JSONValue, indent: Int, level: Int, into output: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent, level: level + 1, into: &output)
                writePretty(element, indent: indent, level: level + 1, into: &output)
            }
            newline(indent: indent, level: level, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(indent: indent, level: level + 1, into: &output)
                appendQuoted(key, terminalSafe: true, into: &output)
                output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writePretty(member, indent: indent, level: level + 1, into: &output)
            }
            newline(indent: indent, level: level, into: &output)
            output.append(UInt8(ascii: "}"))
        default:
            writeCompact(value, terminalSafe: true, into: &output)
        }
    }

    private static func newline(indent: Int, level: Int, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }
}

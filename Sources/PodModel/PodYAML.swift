import Collections
import Yams

/// Converts between ``JSONValue`` trees and YAML text in the style of `kubectl -o yaml`.
///
/// Rendering is block style with two-space indentation, sequences under a key start at the
/// key's own column (`- name: x`), key order is preserved, numbers are written verbatim, and
/// strings that a YAML reader would take for something else (`"true"`, `"1"`, `"null"`, `""`,
/// timestamps, text with `: ` or ` #`, leading or trailing spaces) are double-quoted.
/// Multi-line strings use the `|` literal style when that represents them exactly.
public enum PodYAML {
    /// Renders a value as a YAML document ending with a newline.
    public static func render(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(2048)
        switch value {
        case .object(let members) where !members.isEmpty:
            writeMapping(members, indent: 0, continuingLine: false, into: &output)
        case .array(let elements) where !elements.isEmpty:
            writeSequence(elements, indent: 0, continuingLine: false, into: &output)
        default:
            output += scalarText(value, contentIndent: 2)
            output += "\n"
        }
        return output
    }

    // MARK: Writing

    private static func writeMapping(
        _ members: OrderedDictionary<String, JSONValue>, indent: Int, continuingLine: Bool, into output: inout String
    ) {
        var first = true
        for (key, value) in members {
            if !(first && continuingLine) {
                output += String(repeating: " ", count: indent)
            }
            first = false
            output += keyText(key)
            output += ":"
            switch value {
            case .object(let nested) where !nested.isEmpty:
                output += "\n"
                writeMapping(nested, indent: indent + 2, continuingLine: false, into: &output)
            case .array(let elements) where !elements.isEmpty:
                output += "\n"
                writeSequence(elements, indent: indent, continuingLine: false, into: &output)
            default:
                output += " "
                output += scalarText(value, contentIndent: indent + 2)
                output += "\n"
            }
        }
    }

    private static func writeSequence(
        _ elements: [JSONValue], indent: Int, continuingLine: Bool, into output: inout String
    ) {
        for (position, element) in elements.enumerated() {
            if !(position == 0 && continuingLine) {
                output += String(repeating: " ", count: indent)
            }
            output += "- "
            switch element {
            case .object(let members) where !members.isEmpty:
                writeMapping(members, indent: indent + 2, continuingLine: true, into: &output)
            case .array(let nested) where !nested.isEmpty:
                writeSequence(nested, indent: indent + 2, continuingLine: true, into: &output)
            default:
                output += scalarText(element, contentIndent: indent + 2)
                output += "\n"
            }
        }
    }

    /// The text of a scalar or empty container; a literal block's lines are indented by `contentIndent`.
    private static func scalarText(_ value: JSONValue, contentIndent: Int) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let literal): literal
        case .string(let text): stringText(text, contentIndent: contentIndent)
        case .array: "[]"
        case .object: "{}"
        }
    }

    private static func keyText(_ key: String) -> String {
        isPlainSafe(key) ? key : doubleQuoted(key)
    }

    private static func stringText(_ text: String, contentIndent: Int) -> String {
        if isPlainSafe(text) {
            return text
        }
        if let literal = literalBlock(text, contentIndent: contentIndent) {
            return literal
        }
        return doubleQuoted(text)
    }

    /// The `|` block form of a multi-line string, when it represents the string exactly.
    private static func literalBlock(_ text: String, contentIndent: Int) -> String? {
        guard text.contains("\n"),
              text.unicodeScalars.allSatisfy({ $0 == "\n" || isPrintable($0) }) else {
            return nil
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The first content line sets the block's indentation, so it may not start with a space;
        // trailing spaces are kept out of block scalars, as libyaml does.
        guard let firstContent = lines.first(where: { !$0.isEmpty }), !firstContent.hasPrefix(" "),
              lines.allSatisfy({ !$0.hasSuffix(" ") }) else {
            return nil
        }
        // `lines` ends with the text after the last newline; count the trailing empty lines.
        var trailingNewlines = 0
        while let last = lines.last, last.isEmpty, lines.count > 1 {
            lines.removeLast()
            trailingNewlines += 1
        }
        let chomping = switch trailingNewlines {
        case 0: "-"
        case 1: ""
        default: "+"
        }
        let padding = String(repeating: " ", count: contentIndent)
        var block = "|" + chomping
        for line in lines {
            block += "\n"
            if !line.isEmpty {
                block += padding
                block += line
            }
        }
        // With keep chomping, the extra trailing line breaks are part of the value.
        block += String(repeating: "\n", count: max(0, trailingNewlines - 1))
        return block
    }

    private static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            default:
                if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    result += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return result + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Whether a scalar may appear unescaped in YAML output (libyaml's printable set, minus the
    /// line and paragraph separators and the byte order mark, which readers treat specially).
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF:
            true
        default:
            false
        }
    }

    private static let indicatorStarts: Set<Unicode.Scalar> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    /// Words that YAML 1.1 readers (go-yaml, used by kubectl) take as booleans, beyond Yams' list.
    private static let shortBooleans: Set<String> = ["y", "Y", "n", "N"]

    /// Whether `text` can be written as a plain scalar and read back as the same string.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || last == ":" {
            return false
        }
        if indicatorStarts.contains(first) {
            // `-x` is a plain scalar; `-`, `- x` and `---` are not.
            let rest = text.unicodeScalars.dropFirst()
            guard first == "-", let second = rest.first, second != " " else { return false }
        }
        // Byte-wise, not by Character: a combining mark after ": " makes " ̓" one Character, but
        // a YAML reader still sees a colon followed by a space.
        let bytes = Array(text.utf8)
        if bytes.starts(with: Array("---".utf8)) || bytes.starts(with: Array("...".utf8)) {
            return false
        }
        guard text.unicodeScalars.allSatisfy({ isPrintable($0) }) else { return false }
        if bytes.firstRange(of: Array(": ".utf8)) != nil || bytes.firstRange(of: Array(" #".utf8)) != nil {
            return false
        }
        if shortBooleans.contains(text) {
            return false
        }
        let tag = Resolver.default.resolveTag(of: Node(text))
        return tag == .str
    }
}

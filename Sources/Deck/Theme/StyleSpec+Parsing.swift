import Ops
import Screen
import Yams

/// Reads one style of a theme file from its YAML node.
///
/// A style is a string — `"COLOR"`, `"COLOR on COLOR"`, `"on COLOR"`, each optionally
/// followed by attribute words (`"white on blue bold"`), or attribute words alone
/// (`"reverse"`; `"plain"` for none) — or a mapping `{fg:, bg:, bold:, dim:, italic:,
/// underline:, reverse:}`.
struct StyleSpecReader {
    /// The theme key being read, for messages.
    let key: String
    /// Where the problem is reported.
    let file: String
    /// The text of the file, to give hints about the line at fault.
    let lines: [Substring]

    /// The mapping fields a style may have.
    static let fields = ["fg", "bg"] + StyleSpec.attributeWords.map(\.word)

    /// The shapes a style may take, for messages.
    static let shapes = "expected a style such as \"white\", \"white on blue bold\" or {fg: white, bg: blue, bold: true}"

    /// Reads the style in `node`.
    func read(_ node: Node) throws(ThemeError) -> StyleSpec {
        switch node {
        case .scalar(let scalar):
            return try readShort(scalar)
        case .mapping(let mapping):
            return try readMapping(mapping, line: node.mark?.line)
        case .sequence:
            throw error(.wrongType, node.mark?.line, key, "\(key): \(Self.shapes) (got a list)")
        case .alias:
            throw error(.wrongType, node.mark?.line, key, "\(key): \(Self.shapes) (got an alias)")
        }
    }

    /// Reads the string form.
    private func readShort(_ scalar: Node.Scalar) throws(ThemeError) -> StyleSpec {
        let line = scalar.mark?.line
        if Self.isMissing(scalar) {
            throw error(.wrongType, line, key, "\(key): missing style (\(hashHint(line) ?? Self.shapes))")
        }
        let words = scalar.string.split { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," }
            .map(String.init)
        if words.isEmpty {
            throw error(.wrongType, line, key, "\(key): empty style (\(Self.shapes); \"plain\" for none)")
        }
        var spec = StyleSpec()
        var index = 0
        if index < words.count, words[index].lowercased() != "on", StyleSpec.attribute(named: words[index]) == nil {
            spec.fg = try color(words[index], key: "\(key).fg", line: line, alsoAttributes: true)
            index += 1
        }
        if index < words.count, words[index].lowercased() == "on" {
            index += 1
            guard index < words.count else {
                throw error(.badColor, line, "\(key).bg",
                            "\(key).bg: \"on\" must be followed by a background colour (\(ThemeColor.help))")
            }
            spec.bg = try color(words[index], key: "\(key).bg", line: line, alsoAttributes: false)
            index += 1
        }
        while index < words.count {
            let word = words[index]
            if let attribute = StyleSpec.attribute(named: word) {
                spec.attributes.formUnion(attribute)
            } else if ThemeColor.isColor(word) || word.lowercased() == "on" {
                throw error(.badAttribute, line, key,
                            "\(key): unexpected \(ThemeError.quoted(word)) in \(ThemeError.quoted(scalar.string)) "
                                + "(write FG, FG on BG, then attributes)")
            } else {
                throw error(.badAttribute, line, key,
                            "\(key): unknown attribute \(ThemeError.quoted(word))\(attributeHelp(for: word))")
            }
            index += 1
        }
        return spec
    }

    /// Reads the mapping form.
    private func readMapping(_ mapping: Node.Mapping, line: Int?) throws(ThemeError) -> StyleSpec {
        var spec = StyleSpec()
        for (fieldNode, value) in mapping {
            let fieldLine = fieldNode.mark?.line ?? line
            guard case .scalar(let field) = fieldNode else {
                throw error(.wrongType, fieldLine, key, "\(key): field names must be plain words (\(Self.fields.joined(separator: ", ")))")
            }
            let name = field.string
            let valueLine = value.mark?.line ?? fieldLine
            switch name {
            case "fg", "bg":
                let path = "\(key).\(name)"
                guard case .scalar(let scalar) = value else {
                    throw error(.wrongType, valueLine, path, "\(path): expected a colour (\(ThemeColor.help))")
                }
                if Self.isMissing(scalar) {
                    throw error(.badColor, valueLine, path, "\(path): missing colour (\(hashHint(valueLine) ?? ThemeColor.help))")
                }
                let color = try color(scalar.string, key: path, line: valueLine, alsoAttributes: false)
                if name == "fg" { spec.fg = color } else { spec.bg = color }
            default:
                guard let attribute = StyleSpec.attributeWords.first(where: { $0.word == name })?.attribute else {
                    let hint = NameSuggestion.closest(to: name, among: Self.fields)
                        .map { "did you mean \"\($0)\"? " } ?? ""
                    throw error(.unknownKey, fieldLine, key,
                                "\(key): unknown field \(ThemeError.quoted(name)) (\(hint)fields: \(Self.fields.joined(separator: ", ")))")
                }
                let path = "\(key).\(name)"
                guard case .scalar(let scalar) = value, let on = Self.flag(scalar.string) else {
                    let got = value.scalar.map { " (got \(ThemeError.quoted($0.string)))" } ?? ""
                    throw error(.badAttribute, valueLine, path, "\(path): expected true or false\(got)")
                }
                if on { spec.attributes.insert(attribute) }
            }
        }
        return spec
    }

    /// Reads a colour word or throws an error naming `key`.
    private func color(_ word: String, key: String, line: Int?, alsoAttributes: Bool) throws(ThemeError) -> Color {
        if let color = ThemeColor.parse(word) { return color }
        var candidates = ThemeColor.names.map(\.name) + ["default"]
        if alsoAttributes { candidates += StyleSpec.attributeWords.map(\.word) }
        let hint = NameSuggestion.closest(to: word, among: candidates).map { "did you mean \"\($0)\"? " } ?? ""
        throw error(.badColor, line, key, "\(key): bad colour \(ThemeError.quoted(word)) (\(hint)\(ThemeColor.help))")
    }

    /// The help after an unknown attribute word.
    private func attributeHelp(for word: String) -> String {
        let words = StyleSpec.attributeWords.map(\.word)
        let hint = NameSuggestion.closest(to: word, among: words).map { "did you mean \"\($0)\"? " } ?? ""
        return " (\(hint)attributes: \(words.joined(separator: ", ")), plain)"
    }

    /// A hint for an empty value on a line that holds an unquoted `#`, which YAML reads as a comment.
    private func hashHint(_ line: Int?) -> String? {
        guard let line, line >= 1, line <= lines.count, lines[line - 1].contains("#") else { return nil }
        return "an unquoted # starts a YAML comment: write \"#rrggbb\" in quotes"
    }

    /// Whether the scalar is YAML's null (empty, `~` or `null`, unquoted).
    static func isMissing(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Reads a YAML flag: true/false, yes/no, on/off in any case.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// Makes an error in this file.
    private func error(_ kind: ThemeError.Kind, _ line: Int?, _ key: String, _ message: String) -> ThemeError {
        ThemeError(kind, file: file, line: line, key: key, message: message)
    }
}

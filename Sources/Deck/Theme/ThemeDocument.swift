import Foundation
import Yams

/// One theme file as written: the keys it sets and the theme it inherits from.
///
/// Nothing is resolved here; ``ThemeLoader`` applies inheritance and fills in missing keys.
struct ThemeDocument: Sendable, Equatable {
    /// The theme a document inherits from, and the line that says so.
    struct Parent: Sendable, Equatable {
        /// The theme name (or path) after `inherits:`.
        var name: String
        /// The line of the `inherits:` value.
        var line: Int?
    }

    /// The `name:` the file declares, if any.
    var name: String?
    /// The theme named by `inherits:`, if any.
    var inherits: Parent?
    /// The styles the file sets, by key.
    var styles: [ThemeKey: StyleSpec]
    /// The file or other source the document came from.
    var source: String

    /// The top-level keys that are not theme keys.
    static let metaKeys = ["name", "inherits"]

    /// Every top-level key a theme file may have.
    static let allKeys = metaKeys + ThemeKey.allCases.map(\.rawValue)

    /// Reads a theme file's text. `source` names it in errors. Never traps, whatever the text.
    static func parse(_ text: String, source: String) throws(ThemeError) -> ThemeDocument {
        try ThemeInputLimits.check(text, source: source)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw yamlError(error, text: text, source: source)
        }
        guard let root else {
            throw ThemeError(.wrongType, file: source,
                             message: "the file is empty (expected a mapping of theme keys to styles)")
        }
        guard case .mapping(let mapping) = root else {
            throw ThemeError(.wrongType, file: source, line: root.mark?.line,
                             message: "expected a mapping of theme keys to styles (got \(describe(root)))")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var document = ThemeDocument(styles: [:], source: source)
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line
            guard case .scalar(let keyScalar) = keyNode else {
                throw ThemeError(.wrongType, file: source, line: line,
                                 message: "keys must be plain words such as body or header (got \(describe(keyNode)))")
            }
            let name = keyScalar.string
            switch name {
            case "name":
                document.name = try metaString(value, key: name, line: line, source: source)
            case "inherits":
                let parent = try metaString(value, key: name, line: line, source: source)
                document.inherits = Parent(name: parent, line: value.mark?.line ?? line)
            default:
                guard let key = ThemeKey(rawValue: name) else {
                    let hint = NameSuggestion.closest(to: name, among: allKeys)
                        .map { "did you mean \"\($0)\"?" }
                        ?? "keys: " + allKeys.joined(separator: ", ")
                    throw ThemeError(.unknownKey, file: source, line: line, key: name,
                                     message: "unknown key \(ThemeError.quoted(name)) (\(hint))")
                }
                let reader = StyleSpecReader(key: name, file: source, lines: lines)
                document.styles[key] = try reader.read(value)
            }
        }
        return document
    }

    /// Reads the string value of `name:` or `inherits:`.
    private static func metaString(_ node: Node, key: String, line: Int?, source: String) throws(ThemeError) -> String {
        guard case .scalar(let scalar) = node, !StyleSpecReader.isMissing(scalar) else {
            throw ThemeError(.wrongType, file: source, line: node.mark?.line ?? line, key: key,
                             message: "\(key): expected a theme name (got \(describe(node)))")
        }
        let text = String(scalar.string.unicodeScalars.filter {
            $0.properties.generalCategory != .control && $0.properties.generalCategory != .format
        })
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 200 else {
            throw ThemeError(.wrongType, file: source, line: node.mark?.line ?? line, key: key,
                             message: "\(key): expected a theme name of 1 to 200 characters")
        }
        return trimmed
    }

    /// Describes a node's shape for messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return StyleSpecReader.isMissing(scalar) ? "nothing" : "the text \(ThemeError.quoted(scalar.string))"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Turns an error of the YAML reader into a theme error at the line it names.
    private static func yamlError(_ error: any Error, text: String, source: String) -> ThemeError {
        guard let yaml = error as? YamlError else {
            return ThemeError(.invalidYAML, file: source, message: "not valid YAML: \(error)")
        }
        var line: Int?
        var problem: String
        switch yaml {
        case let .scanner(context, text, mark, _), let .parser(context, text, mark, _),
             let .composer(context, text, mark, _):
            line = mark.line
            problem = text
            if let context {
                problem = "\(context.text) (line \(context.mark.line)): \(problem)"
                // A quote or bracket left open is only noticed at the end of the file; the
                // line where it was opened is the one to fix.
                if text.contains("end of stream") { line = context.mark.line }
            }
        case let .reader(text, offset, _, yamlText):
            problem = text
            if let offset {
                line = yamlText.prefix(max(0, offset)).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            }
        case let .duplicatedKeysInMapping(duplicates, context):
            let name = duplicates.first ?? "?"
            let first = context.mark.line
            let at = duplicateLine(of: name, after: first, in: text) ?? first
            if let outer = enclosingKey(line: at, in: text), outer != name {
                return ThemeError(.duplicateKey, file: source, line: at, key: "\(outer).\(name)",
                                  message: "\(outer): duplicate field \(ThemeError.quoted(name)) (give each field once)")
            }
            return ThemeError(.duplicateKey, file: source, line: at, key: name,
                              message: "duplicate key \(ThemeError.quoted(name)) (first set on line \(first); give each key once)")
        default:
            problem = "\(yaml)"
        }
        let key = line.flatMap { enclosingKey(line: $0, in: text) }
        let inKey = key.map { " in \($0)" } ?? ""
        return ThemeError(.invalidYAML, file: source, line: line, key: key,
                          message: "not valid YAML\(inKey): \(problem)")
    }

    /// The line after `line` that sets `key` again, if one does.
    private static func duplicateLine(of key: String, after line: Int, in text: String) -> Int? {
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 > line {
            let trimmed = content.drop { $0 == " " || $0 == "{" || $0 == "," }
            if trimmed.hasPrefix(key + ":") || trimmed.hasPrefix(key + " :") { return index + 1 }
            if trimmed.contains(" \(key):") || trimmed.contains(",\(key):") { return index + 1 }
        }
        return nil
    }

    /// The top-level theme key whose value holds `line`, found by looking back for an unindented key.
    private static func enclosingKey(line: Int, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1 else { return nil }
        var index = min(line, lines.count) - 1
        while index >= 0 {
            let content = lines[index]
            if let first = content.first, first != " ", first != "#", first != "-",
               let colon = content.firstIndex(of: ":") {
                let word = String(content[..<colon]).trimmingCharacters(in: .whitespaces)
                if allKeys.contains(word) { return word }
                return nil
            }
            index -= 1
        }
        return nil
    }
}

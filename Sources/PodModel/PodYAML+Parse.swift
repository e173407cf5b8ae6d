import Collections
import Foundation
import Yams

extension PodYAML {
    /// Parses one YAML document into a ``JSONValue`` tree.
    ///
    /// Scalars are typed by their resolved YAML tags: integers and floats become numbers whose
    /// literal is normalised to JSON grammar (`0x10` → `16`, `+1` → `1`, `.5` → `0.5`), booleans,
    /// nulls and strings map directly, and timestamps stay strings. Anchors, aliases and `<<`
    /// merge keys are resolved. Mapping keys become strings. `.inf`, `.nan`, non-scalar keys,
    /// duplicate keys and more than one document are errors carrying a line and column.
    public static func parse(_ text: String) throws(DocumentError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw DocumentError(yamlError: error)
        }
        guard let root else { throw DocumentError.empty }
        return try convert(root, ScalarSource(text))
    }

    private static func convert(_ node: Node, _ source: ScalarSource) throws(DocumentError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return try convertScalar(scalar, node: node, source)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try convert(element, source))
            }
            return .array(elements)
        case .mapping(let mapping):
            return .object(try convertMapping(mapping, source))
        case .alias(let alias):
            throw DocumentError(
                kind: .syntax, line: alias.mark?.line, column: alias.mark?.column,
                message: "unresolved alias"
            )
        }
    }

    private static func convertMapping(_ mapping: Node.Mapping, _ source: ScalarSource) throws(DocumentError) -> OrderedDictionary<String, JSONValue> {
        var explicitKeys = Set<String>()
        var pairs: [(key: String?, keyNode: Node, value: Node)] = []
        for (keyNode, valueNode) in mapping {
            if isMergeKey(keyNode) {
                pairs.append((nil, keyNode, valueNode))
            } else {
                let key = try keyString(keyNode, source)
                explicitKeys.insert(key)
                pairs.append((key, keyNode, valueNode))
            }
        }
        var members = OrderedDictionary<String, JSONValue>()
        for pair in pairs {
            if let key = pair.key {
                members[key] = try convert(pair.value, source)
                continue
            }
            for merged in try mergeSources(pair.value, source) {
                for (key, value) in merged where !explicitKeys.contains(key) && members[key] == nil {
                    members[key] = value
                }
            }
        }
        return members
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return node.tag.rawValue == Tag.Name.merge.rawValue
    }

    /// The mappings named by the value of a `<<` key: one mapping or a sequence of mappings.
    private static func mergeSources(_ node: Node, _ source: ScalarSource) throws(DocumentError) -> [OrderedDictionary<String, JSONValue>] {
        switch node {
        case .mapping(let mapping):
            return [try convertMapping(mapping, source)]
        case .sequence(let sequence):
            var sources: [OrderedDictionary<String, JSONValue>] = []
            for element in sequence {
                guard case .mapping(let mapping) = element else {
                    throw unsupported("a merge key (<<) must refer to mappings", at: element)
                }
                sources.append(try convertMapping(mapping, source))
            }
            return sources
        default:
            throw unsupported("a merge key (<<) must refer to a mapping or a list of mappings", at: node)
        }
    }

    private static func keyString(_ node: Node, _ source: ScalarSource) throws(DocumentError) -> String {
        guard case .scalar(let scalar) = node else {
            throw unsupported("mapping keys must be strings, numbers or booleans", at: node)
        }
        switch try convertScalar(scalar, node: node, source) {
        case .string(let text): return text
        case .number(let literal): return literal
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        default: return source.restoringByteOrderMarks(scalar.string, at: node.mark, style: scalar.style)
        }
    }

    private static func convertScalar(_ scalar: Node.Scalar, node: Node, _ source: ScalarSource) throws(DocumentError) -> JSONValue {
        let text = source.restoringByteOrderMarks(scalar.string, at: node.mark, style: scalar.style)
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null:
            return .null
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on", "y": return .bool(true)
            case "false", "no", "off", "n": return .bool(false)
            default: throw unsupported("invalid boolean \(quoted(text))", at: node)
            }
        case .int:
            guard let literal = YAMLNumber.normalizedInteger(text) else {
                throw unsupported("invalid integer \(quoted(text))", at: node)
            }
            return .number(literal)
        case .float:
            guard let literal = YAMLNumber.normalizedFloat(text) else {
                throw unsupported("\(quoted(text)) has no JSON equivalent (only finite numbers are allowed)", at: node)
            }
            return .number(literal)
        default:
            return .string(text)
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text + "\""
    }

    private static func unsupported(_ message: String, at node: Node) -> DocumentError {
        DocumentError(kind: .unsupportedValue, line: node.mark?.line, column: node.mark?.column, message: message)
    }
}

extension DocumentError {
    /// The error for a problem reported by the YAML reader.
    init(yamlError error: any Error) {
        guard let yamlError = error as? YamlError else {
            self.init(kind: .syntax, message: String(describing: error))
            return
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _):
            self.init(
                kind: .syntax, line: mark.line, column: mark.column,
                message: Self.yamlMessage(problem: problem, context: context)
            )
        case .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                self.init(
                    kind: .multipleDocuments, line: mark.line, column: mark.column,
                    message: "expected a single document, but found another document"
                )
            } else {
                self.init(
                    kind: .syntax, line: mark.line, column: mark.column,
                    message: Self.yamlMessage(problem: problem, context: context)
                )
            }
        case .reader(let problem, _, _, _):
            self.init(kind: .syntax, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            self.init(
                kind: .syntax, line: context.mark.line, column: context.mark.column,
                message: "duplicate mapping key \(names)"
            )
        default:
            self.init(kind: .syntax, message: String(describing: yamlError))
        }
    }

    private static func yamlMessage(problem: String, context: YamlError.Context?) -> String {
        guard let context, !context.text.isEmpty else { return problem }
        return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
    }
}

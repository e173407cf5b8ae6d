import Collections

/// One difference between two JSON documents.
public struct FieldChange: Sendable, Hashable, CustomStringConvertible {
    /// Where, e.g. `spec.containers[name=web].image` (empty for the whole document).
    public var path: String
    /// The value before; `nil` when the field was added.
    public var old: JSONValue?
    /// The value after; `nil` when the field was removed.
    public var new: JSONValue?

    /// Creates a change.
    public init(path: String, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// A one-line summary, e.g. `spec.containers[name=web].image: "a" -> "b"`.
    public var description: String {
        "\(path): \(old.map { $0.description } ?? "(absent)") -> \(new.map { $0.description } ?? "(absent)")"
    }
}

/// Field-level differences between two JSON documents.
///
/// Objects are compared member by member. Arrays whose elements are all objects with unique
/// string `name`s (containers, ports, env, volumes…) are compared element by element, by name;
/// other arrays, and values whose type changed, count as one change. Added and removed fields
/// are one change each, whatever their size.
public enum JSONDiff {
    /// The changes that turn `old` into `new`, in document order (old order, then additions).
    public static func changes(from old: JSONValue, to new: JSONValue) -> [FieldChange] {
        var changes: [FieldChange] = []
        collect(old, new, at: .root, into: &changes)
        return changes
    }

    private static func collect(_ old: JSONValue?, _ new: JSONValue?, at path: FieldPath, into changes: inout [FieldChange]) {
        if old == new { return }
        switch (old, new) {
        case (.object(let before)?, .object(let after)?):
            for key in before.keys {
                collect(before[key], after[key], at: path.member(key), into: &changes)
            }
            for key in after.keys where before[key] == nil {
                collect(nil, after[key], at: path.member(key), into: &changes)
            }
        case (.array(let before)?, .array(let after)?):
            guard let namedBefore = NamedList(before), let namedAfter = NamedList(after) else {
                changes.append(FieldChange(path: path.rendered, old: old, new: new))
                return
            }
            for name in namedBefore.names {
                collect(namedBefore[name], namedAfter[name], at: path.named(name), into: &changes)
            }
            for name in namedAfter.names where namedBefore[name] == nil {
                collect(nil, namedAfter[name], at: path.named(name), into: &changes)
            }
        default:
            changes.append(FieldChange(path: path.rendered, old: old, new: new))
        }
    }
}

/// An array whose elements are all objects with a unique string `name`, indexed by that name.
struct NamedList: Sendable {
    private(set) var elements: OrderedDictionary<String, JSONValue> = [:]

    /// Indexes `array`, or fails when an element is not an object with a unique string name.
    /// An empty array is an (empty) named list.
    init?(_ array: [JSONValue]) {
        for element in array {
            guard let name = element["name"]?.stringValue, elements[name] == nil else { return nil }
            elements[name] = element
        }
    }

    var names: OrderedSet<String> {
        elements.keys
    }

    subscript(name: String) -> JSONValue? {
        elements[name]
    }
}

/// A path to a field inside a JSON document, rendered in Kubernetes' `field.Path` notation:
/// `spec.containers[1].ports[0].containerPort`, `metadata.labels[app.kubernetes.io/name]`,
/// and `spec.containers[name=web].image` for list items identified by name.
struct FieldPath: Hashable, Sendable {
    enum Component: Hashable, Sendable {
        /// An object member written `.name`.
        case child(String)
        /// An object member written `[key]` (map keys that are data, not schema).
        case key(String)
        /// An array element by position.
        case index(Int)
        /// An array element by its `name` member.
        case named(String)
    }

    var components: [Component] = []

    static let root = FieldPath()

    init(components: [Component] = []) {
        self.components = components
    }

    init(_ names: String...) {
        components = names.map(Component.child)
    }

    func child(_ name: String) -> FieldPath {
        FieldPath(components: components + [.child(name)])
    }

    func key(_ key: String) -> FieldPath {
        FieldPath(components: components + [.key(key)])
    }

    func index(_ index: Int) -> FieldPath {
        FieldPath(components: components + [.index(index)])
    }

    func named(_ name: String) -> FieldPath {
        FieldPath(components: components + [.named(name)])
    }

    /// An object member, written `.name` when it looks like an identifier and `[key]` otherwise.
    func member(_ name: String) -> FieldPath {
        Self.isIdentifier(name) ? child(name) : key(name)
    }

    var rendered: String {
        var text = ""
        for component in components {
            switch component {
            case .child(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .key(let key):
                text += "[\(key)]"
            case .index(let index):
                text += "[\(index)]"
            case .named(let name):
                text += "[name=\(name)]"
            }
        }
        return text
    }

    /// Where the field sits in `document`, for sorting errors into document order: the member
    /// or element index at each step; a missing step sorts after everything present.
    func position(in document: JSONValue) -> [Int] {
        var positions: [Int] = []
        var current: JSONValue? = document
        for component in components {
            guard let value = current else {
                positions.append(Int.max)
                continue
            }
            switch component {
            case .child(let name), .key(let name):
                let index = value.objectValue?.index(forKey: name)
                positions.append(index ?? Int.max)
                current = value[name]
            case .index(let index):
                let elements = value.arrayValue ?? []
                positions.append(index)
                current = index < elements.count ? elements[index] : nil
            case .named(let name):
                let elements = value.arrayValue ?? []
                let index = elements.firstIndex { $0["name"]?.stringValue == name }
                positions.append(index ?? Int.max)
                current = index.map { elements[$0] }
            }
        }
        return positions
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first,
              first == UInt8(ascii: "_") || first == UInt8(ascii: "$") || (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
        else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "$"):
                true
            default:
                false
            }
        }
    }
}

import Collections

/// A JSON value that keeps everything needed to write it back exactly as it was read.
///
/// Numbers keep their literal text (`1.0`, `1e3` and `10000000000000000000001` survive a round
/// trip unchanged) and objects keep their member order, so a document that is read and written
/// again without changes produces the same bytes.
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, stored as its literal text in JSON grammar; never converted to a binary value.
    case number(String)
    /// A string.
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object whose members keep their document order.
    case object(OrderedDictionary<String, JSONValue>)
}

extension JSONValue {
    /// Builds a number from an integer.
    public static func int(_ value: some BinaryInteger) -> JSONValue {
        .number(String(value))
    }

    /// An empty object.
    public static var emptyObject: JSONValue { .object([:]) }

    /// The member named `key` when this value is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The value found by following object member names from this value.
    ///
    /// An empty path returns the value itself.
    public subscript(path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            guard case .object(let members) = current, let next = members[key] else { return nil }
            current = next
        }
        return current
    }

    /// The value found by following object member names from this value.
    public subscript(path path: [String]) -> JSONValue? {
        self[path]
    }

    /// The string, when this value is a string.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The integer, when this value is a number written as an integer that fits in `Int`.
    ///
    /// Literals with a fraction or exponent (`1.0`, `1e3`) are not integers, as in Go's decoder.
    public var intValue: Int? {
        guard case .number(let literal) = self else { return nil }
        return Int(literal)
    }

    /// The 64-bit integer, when this value is a number written as an integer that fits in `Int64`.
    public var int64Value: Int64? {
        guard case .number(let literal) = self else { return nil }
        return Int64(literal)
    }

    /// The number as a `Double`, when this value is a number.
    public var doubleValue: Double? {
        guard case .number(let literal) = self else { return nil }
        return Double(literal)
    }

    /// The boolean, when this value is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The members, when this value is an object.
    public var objectValue: OrderedDictionary<String, JSONValue>? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The elements, when this value is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name of this value: `null`, `boolean`, `number`, `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue {
    /// Sets, replaces or removes the value at a path of object member names.
    ///
    /// Missing intermediate objects are created (and non-object intermediates replaced by objects)
    /// when setting; removing through a missing path does nothing. Existing members keep their
    /// position and new members are appended. An empty path replaces the whole value (`nil`
    /// makes it `null`).
    public mutating func set(_ value: JSONValue?, at path: [String]) {
        set(value, at: path[...])
    }

    private mutating func set(_ value: JSONValue?, at path: ArraySlice<String>) {
        guard let key = path.first else {
            self = value ?? .null
            return
        }
        var members: OrderedDictionary<String, JSONValue>
        if case .object(let existing) = self {
            members = existing
        } else {
            guard value != nil else { return }
            members = [:]
        }
        self = .null  // release the payload so `members` is uniquely referenced
        let rest = path.dropFirst()
        if rest.isEmpty {
            if let value {
                members[key] = value
            } else {
                members.removeValue(forKey: key)
            }
        } else if value != nil {
            members.updateValue(forKey: key, default: .object([:])) { child in
                child.set(value, at: rest)
            }
        } else if members[key] != nil {
            members.updateValue(forKey: key, default: .null) { child in
                child.set(nil, at: rest)
            }
        }
        self = .object(members)
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates a boolean value.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates a number from an integer literal.
    public init(integerLiteral value: Int) {
        self = .number(String(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a string value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array value.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object whose members are in literal order (a later duplicate key wins).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var members = OrderedDictionary<String, JSONValue>()
        members.reserveCapacity(elements.count)
        for (key, value) in elements {
            members[key] = value
        }
        self = .object(members)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String {
        String(decoding: JSONWriter.compact(self), as: UTF8.self)
    }
}

/// The kind of a validation error, as Kubernetes' `field.ErrorType` names them.
public enum FieldErrorType: Sendable, Hashable, CustomStringConvertible {
    /// A required field is missing or empty.
    case required
    /// A value is malformed or out of range.
    case invalid
    /// A value that must be unique is repeated.
    case duplicate
    /// A value is not one of the supported values.
    case notSupported
    /// A value is longer than allowed.
    case tooLong
    /// A field may not be set (here, or together with another).
    case forbidden
    /// A value has the wrong JSON type.
    case typeInvalid
    /// A reference names something that does not exist.
    case notFound

    /// The text Kubernetes prints for the type, e.g. `Invalid value`.
    public var description: String {
        switch self {
        case .required: "Required value"
        case .invalid, .typeInvalid: "Invalid value"
        case .duplicate: "Duplicate value"
        case .notSupported: "Unsupported value"
        case .tooLong: "Too long"
        case .forbidden: "Forbidden"
        case .notFound: "Not found"
        }
    }
}

/// One validation error: what is wrong with which field.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The kind of error.
    public var type: FieldErrorType
    /// The field, e.g. `spec.containers[1].ports[0].containerPort`.
    public var path: String
    /// The offending value, already rendered (strings quoted, numbers bare), when shown.
    public var value: String?
    /// What the value should be, e.g. `must be between 1 and 65535, inclusive`.
    public var detail: String

    /// Creates an error.
    public init(type: FieldErrorType, path: String, value: String? = nil, detail: String = "") {
        self.type = type
        self.path = path
        self.value = value
        self.detail = detail
    }

    /// The error as Kubernetes prints it, e.g.
    /// `spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`.
    public var description: String {
        var text = "\(path): \(type)"
        switch type {
        case .required, .forbidden, .tooLong:
            break
        default:
            if let value { text += ": \(value)" }
        }
        if !detail.isEmpty {
            text += ": \(detail)"
        }
        return text
    }

    /// Renders a value the way Kubernetes prints bad values: strings quoted as Go's `%q` does,
    /// numbers and booleans bare, containers as compact JSON; long values are shortened.
    public static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            let limit = 120
            if text.count > limit {
                return goQuoted(String(text.prefix(limit - 3)) + "...")
            }
            return goQuoted(text)
        case .null:
            return "null"
        case .bool(let flag):
            return flag ? "true" : "false"
        case .number(let literal):
            return literal
        case .array, .object:
            let text = value.description
            return text.count > 64 ? String(text.prefix(61)) + "..." : text
        }
    }

    /// `text` quoted like Go's `strconv.Quote`.
    static func goQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{0B}": result += "\\v"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0x7F {
                    result += "\\x" + hex(value, width: 2)
                } else if (0x80..<0xA0).contains(value) || value == 0xAD || (0x2028...0x2029).contains(value)
                    || value == 0xFEFF {
                    result += "\\u" + hex(value, width: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

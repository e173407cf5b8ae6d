/// Property checks for fuzz targets: a failed check stops the process, so libFuzzer records
/// the input as a crash and a replay shows the message.
public enum FuzzCheck {
    /// Stops with `message` when `condition` is false.
    public static func require(
        _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        if !condition() {
            fail(message(), file: file, line: line)
        }
    }

    /// Stops with `message`.
    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        fatalError("property failed: \(message)", file: file, line: line)
    }

    /// Quotes `text` for a failure message, with every byte outside printable ASCII escaped.
    public static func quoted(_ text: String) -> String {
        quoted(Array(text.utf8))
    }

    /// Quotes `bytes` for a failure message, with every byte outside printable ASCII escaped.
    public static func quoted(_ bytes: [UInt8]) -> String {
        var out = "\""
        for byte in bytes.prefix(400) {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        if bytes.count > 400 { out += "…" }
        return out + "\""
    }
}

/// A pull stream line that is not a JSON object of the expected shape.
public struct PullLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The most of the offending line kept in ``line``.
    public static let excerptLimit = 200

    /// The 1-based number of the line in the stream.
    public var lineNumber: Int
    /// The start of the line, with control characters escaped.
    public var line: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(lineNumber: Int, line: String, reason: String) {
        self.lineNumber = lineNumber
        self.line = line
        self.reason = reason
    }

    /// Creates an error quoting the start of `bytes`.
    init(lineNumber: Int, bytes: ArraySlice<UInt8>, reason: String) {
        let excerpt = bytes.prefix(Self.excerptLimit)
        var text = ""
        for scalar in String(decoding: excerpt, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                text += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        if bytes.count > Self.excerptLimit { text += "…" }
        self.init(lineNumber: lineNumber, line: text, reason: reason)
    }

    /// `malformed pull stream line N (reason): excerpt`.
    public var description: String {
        "malformed pull stream line \(lineNumber) (\(reason)): \(line)"
    }
}

/// Parses one pull stream line, a JSON object, into a ``PullMessage``.
///
/// A small hand-written scanner (the stream can carry hundreds of thousands of lines a second):
/// it reads the known keys, skips any other value of any shape (nesting bounded by
/// ``maximumDepth``), and reports the first problem with its byte offset. Every byte access is
/// bounds-checked, so hostile input yields an error, never a crash.
struct PullLineParser {
    /// Deepest nesting of skipped values accepted.
    static let maximumDepth = 64

    /// A parse problem at a byte offset from the start of the line.
    struct Failure: Error {
        var reason: String
    }

    private let bytes: [UInt8]
    private let start: Int
    private let end: Int
    private var index: Int

    /// Parses `bytes[range]`.
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) throws(Failure) -> PullMessage {
        var parser = PullLineParser(bytes: bytes, start: range.lowerBound, end: range.upperBound, index: range.lowerBound)
        return try parser.parseMessage()
    }

    // MARK: Top level

    private mutating func parseMessage() throws(Failure) -> PullMessage {
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw fail("expected a JSON object") }
        index += 1
        var message = PullMessage()
        var errorText: String?
        var detailMessage: String?
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                let key = try parseKey(Self.topLevelKeys)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a key")
                skipWhitespace()
                switch key {
                case 0: message.id = try parseOptionalString("id")
                case 1: message.status = try parseOptionalString("status")
                case 2: message.progress = try parseOptionalString("progress")
                case 3: message.progressDetail = try parseProgressDetail()
                case 4: detailMessage = try parseErrorDetail()
                case 5: errorText = try parseOptionalString("error")
                default: try skipValue(depth: 1)
                }
                skipWhitespace()
                guard let byte = peek() else { throw fail("unterminated object") }
                index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "}") { break }
                index -= 1
                throw fail("expected ',' or '}'")
            }
        }
        skipWhitespace()
        guard index == end else { throw fail("unexpected characters after the object") }
        message.errorMessage = detailMessage ?? errorText
        return message
    }

    private static let topLevelKeys: [[UInt8]] = ["id", "status", "progress", "progressDetail", "errorDetail", "error"].map { Array($0.utf8) }
    private static let detailKeys: [[UInt8]] = ["current", "total"].map { Array($0.utf8) }
    private static let errorDetailKeys: [[UInt8]] = ["message"].map { Array($0.utf8) }

    private mutating func parseProgressDetail() throws(Failure) -> PullMessage.ProgressDetail? {
        if try consumeNull() { return nil }
        guard peek() == UInt8(ascii: "{") else { throw fail("\"progressDetail\" is not an object") }
        index += 1
        var detail = PullMessage.ProgressDetail()
        try parseObjectBody(keys: Self.detailKeys) { (parser: inout PullLineParser, key: Int) throws(Failure) in
            switch key {
            case 0: detail.current = try parser.parseOptionalInteger("current")
            case 1: detail.total = try parser.parseOptionalInteger("total")
            default: try parser.skipValue(depth: 2)
            }
        }
        return detail.current == nil && detail.total == nil ? nil : detail
    }

    private mutating func parseErrorDetail() throws(Failure) -> String? {
        if try consumeNull() { return nil }
        guard peek() == UInt8(ascii: "{") else { throw fail("\"errorDetail\" is not an object") }
        index += 1
        var message: String?
        try parseObjectBody(keys: Self.errorDetailKeys) { (parser: inout PullLineParser, key: Int) throws(Failure) in
            if key == 0 {
                message = try parser.parseOptionalString("message")
            } else {
                try parser.skipValue(depth: 2)
            }
        }
        return message
    }

    /// Parses `key: value, …}` after an opening brace, calling `member` for each key.
    private mutating func parseObjectBody(keys: [[UInt8]], _ member: (inout PullLineParser, Int) throws(Failure) -> Void) throws(Failure) {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            let key = try parseKey(keys)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after a key")
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            guard let byte = peek() else { throw fail("unterminated object") }
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return }
            index -= 1
            throw fail("expected ',' or '}'")
        }
    }

    // MARK: Values

    private mutating func parseOptionalString(_ name: String) throws(Failure) -> String? {
        if try consumeNull() { return nil }
        guard peek() == UInt8(ascii: "\"") else { throw fail("\"\(name)\" is not a string") }
        return try parseString()
    }

    private mutating func parseOptionalInteger(_ name: String) throws(Failure) -> Int64? {
        if try consumeNull() { return nil }
        guard let byte = peek(), byte == UInt8(ascii: "-") || Self.isDigit(byte) else {
            throw fail("\"\(name)\" is not a number")
        }
        return try parseNumber()
    }

    /// Index of the key in `keys`, or -1 for any other key.
    private mutating func parseKey(_ keys: [[UInt8]]) throws(Failure) -> Int {
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let raw = try scanString()
        if let decoded = raw.decoded {
            return keys.firstIndex(of: decoded) ?? -1
        }
        let length = raw.range.count
        for (position, key) in keys.enumerated() where key.count == length {
            var equal = true
            var k = 0
            for b in raw.range {
                if bytes[b] != key[k] { equal = false; break }
                k += 1
            }
            if equal { return position }
        }
        return -1
    }

    private mutating func parseString() throws(Failure) -> String {
        let raw = try scanString()
        if let decoded = raw.decoded { return String(decoding: decoded, as: UTF8.self) }
        return String(decoding: bytes[raw.range], as: UTF8.self)
    }

    /// Scans a string starting at its opening quote. Returns the raw content range, plus the
    /// decoded bytes when the string has escapes.
    private mutating func scanString() throws(Failure) -> (range: Range<Int>, decoded: [UInt8]?) {
        index += 1 // opening quote
        let contentStart = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let range = contentStart..<index
                index += 1
                return (range, nil)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in a string") }
            index += 1
        }
        guard index < end else { throw fail("unterminated string") }
        // Slow path: escapes.
        var decoded = Array(bytes[contentStart..<index])
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (contentStart..<index - 1, decoded)
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < end else { throw fail("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                Self.appendUTF8(scalar, to: &decoded)
            default:
                index -= 1
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard end - index >= 4 else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Parses a JSON number; integers are exact, others are truncated toward zero and clamped.
    private mutating func parseNumber() throws(Failure) -> Int64 {
        let numberStart = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw fail("invalid number") }
        var integral = true
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let b = peek(), Self.isDigit(b) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard let b = peek(), Self.isDigit(b) else { throw fail("invalid number") }
            while let b = peek(), Self.isDigit(b) { index += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            integral = false
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let b = peek(), Self.isDigit(b) else { throw fail("invalid number") }
            while let b = peek(), Self.isDigit(b) { index += 1 }
        }
        let digits = index - numberStart
        if integral && digits <= 18 {
            var value: Int64 = 0
            var negative = false
            for position in numberStart..<index {
                let b = bytes[position]
                if b == UInt8(ascii: "-") { negative = true; continue }
                value = value * 10 + Int64(b - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        }
        let text = String(decoding: bytes[numberStart..<index], as: UTF8.self)
        guard let double = Double(text), double.isFinite else { return 0 }
        if double >= 9.2e18 { return Int64.max }
        if double <= -9.2e18 { return Int64.min }
        return Int64(double)
    }

    /// Skips any JSON value.
    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "{"):
            index += 1
            try parseObjectBody(keys: []) { (parser: inout PullLineParser, _: Int) throws(Failure) in
                try parser.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw fail("unterminated array") }
                index += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "]") { return }
                index -= 1
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try parseNumber()
        default:
            throw fail("expected a value")
        }
    }

    // MARK: Bytes

    private func peek() -> UInt8? {
        index < end ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws(Failure) {
        guard peek() == byte else { throw fail(reason) }
        index += 1
    }

    private mutating func consumeNull() throws(Failure) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard end - index >= count else { throw fail("invalid literal") }
        let matches = literal.withUTF8Buffer { buffer -> Bool in
            for k in 0..<count where bytes[index + k] != buffer[k] { return false }
            return true
        }
        guard matches else { throw fail("invalid literal") }
        index += count
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func fail(_ reason: String) -> Failure {
        Failure(reason: "\(reason) at byte \(index - start)")
    }
}

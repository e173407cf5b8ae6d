import Collections

/// A strict RFC 8259 JSON parser that keeps number literals and member order.
///
/// It rejects trailing data, leading zeros, control characters in strings and invalid escapes.
/// Like Go's `encoding/json`, invalid UTF-8 and unpaired surrogate escapes inside strings are
/// replaced by U+FFFD rather than rejected. A duplicate member name keeps the position of its
/// first occurrence and the value of its last. Nesting deeper than ``maximumDepth`` is an error.
public enum JSONParser {
    /// The deepest nesting of arrays and objects that is accepted.
    public static let maximumDepth = 1000

    /// Parses one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            parseResult(buffer)
        }
        if let result {
            return try result.get()
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { parseResult($0) }.get()
    }

    /// Parses one JSON value from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parseResult($0) }.get()
    }

    private static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var scanner = JSONScanner(buffer)
        do throws(JSONParseError) {
            return .success(try scanner.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// The byte-level state of one parse.
private struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    /// Members and elements of the containers being parsed, shared by all levels so each
    /// container's storage is allocated once, at its final size.
    private let keyStack = MoveStack<String>()
    private let valueStack = MoveStack<JSONValue>()

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error("unexpected \(describe(index)) after top-level value", at: index)
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(describe(index)) looking for beginning of value", at: index)
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput() }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([:])
        }
        let keyStart = keyStack.count
        let valueStart = valueStack.count
        while true {
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected '\"' to begin object member name, found \(describe(index))", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key", at: index)
            }
            index += 1
            let value = try parseValue()
            keyStack.push(key)
            valueStack.push(value)
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(makeObject(keyStart: keyStart, valueStart: valueStart))
            default:
                throw error("expected ',' or '}' after object member", at: index)
            }
        }
    }

    /// Builds the object whose members are on the stacks from the given positions, and pops them.
    private mutating func makeObject(keyStart: Int, valueStart: Int) -> OrderedDictionary<String, JSONValue> {
        let keys = keyStack.popArray(from: keyStart)
        let values = valueStack.popArray(from: valueStart)
        if hasDuplicates(keys) {
            var merged = OrderedDictionary<String, JSONValue>()
            for (key, value) in zip(keys, values) {
                merged[key] = value
            }
            return merged
        }
        return OrderedDictionary(uncheckedUniqueKeys: keys, values: values)
    }

    private func hasDuplicates(_ keys: [String]) -> Bool {
        if keys.count <= 12 {
            var position = keys.startIndex
            while position < keys.endIndex {
                let key = keys[position]
                var other = position + 1
                while other < keys.endIndex {
                    if keys[other] == key { return true }
                    other += 1
                }
                position += 1
            }
            return false
        }
        var seen = Set<String>(minimumCapacity: keys.count)
        for key in keys where !seen.insert(key).inserted {
            return true
        }
        return false
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw endOfInput() }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let start = valueStack.count
        while true {
            let element = try parseValue()
            valueStack.push(element)
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(valueStack.popArray(from: start))
            default:
                throw error("expected ',' or ']' after array element", at: index)
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error("nesting is deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count {
            let position = index + offset
            guard position < bytes.count else { throw endOfInput() }
            guard bytes[position] == expected[offset] else {
                throw error("invalid literal, expected '\(literal)'", at: position)
            }
        }
        index += count
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        var position = index
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
        }
        guard position < bytes.count else { throw endOfInput() }
        let first = bytes[position]
        if first == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error("invalid number: leading zeros are not allowed", at: position)
            }
        } else if isDigit(first) {
            position = skipDigits(from: position)
        } else {
            throw error("invalid number: expected a digit, found \(describe(position))", at: position)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count else { throw endOfInput() }
            guard isDigit(bytes[position]) else {
                throw error("invalid number: expected a digit after the decimal point", at: position)
            }
            position = skipDigits(from: position)
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            guard position < bytes.count else { throw endOfInput() }
            if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count else { throw endOfInput() }
            guard isDigit(bytes[position]) else {
                throw error("invalid number: expected a digit in the exponent", at: position)
            }
            position = skipDigits(from: position)
        }
        index = position
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private func skipDigits(from start: Int) -> Int {
        var position = start
        while position < bytes.count, isDigit(bytes[position]) {
            position += 1
        }
        return position
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index + 1
        var position = start
        // Fast path: printable ASCII without escapes needs no copy.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 {
                break
            }
            position += 1
        }
        return try parseStringSlowly(start: start, from: position)
    }

    private mutating func parseStringSlowly(start: Int, from resume: Int) throws(JSONParseError) -> String {
        var position = resume
        var runStart = start
        var copying = false
        while true {
            guard position < bytes.count else { throw endOfInput() }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                index = position + 1
                if !copying {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                }
                appendRun(from: runStart, to: position)
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                if !copying {
                    scratch.removeAll(keepingCapacity: true)
                    copying = true
                }
                appendRun(from: runStart, to: position)
                position = try parseEscape(at: position)
                runStart = position
            case 0..<0x20:
                throw error("invalid control character U+\(hex4(UInt32(byte))) in string (escape it)", at: position)
            case 0x20..<0x80:
                position += 1
            default:
                let length = validSequenceLength(at: position)
                if length > 0 {
                    position += length
                } else {
                    if !copying {
                        scratch.removeAll(keepingCapacity: true)
                        copying = true
                    }
                    appendRun(from: runStart, to: position)
                    scratch.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    position += 1
                    runStart = position
                }
            }
        }
    }

    private mutating func appendRun(from start: Int, to end: Int) {
        if start < end {
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// Decodes the escape starting at the backslash at `position` into `scratch`; returns the
    /// position after it.
    private mutating func parseEscape(at backslash: Int) throws(JSONParseError) -> Int {
        let position = backslash + 1
        guard position < bytes.count else { throw endOfInput() }
        let simple: UInt8
        switch bytes[position] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            let unit = try readHex4(at: position + 1)
            var next = position + 5
            var scalar = unit
            if (0xD800...0xDFFF).contains(unit) {
                scalar = 0xFFFD
                if unit <= 0xDBFF, let low = peekEscapedUnit(at: next), (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    next += 6
                }
            }
            appendScalar(scalar)
            return next
        default:
            throw error("invalid escape '\\\(describeCharacter(position))' in string", at: position)
        }
        scratch.append(simple)
        return position + 1
    }

    private func readHex4(at start: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for position in start..<(start + 4) {
            guard position < bytes.count else { throw endOfInput() }
            guard let digit = hexValue(bytes[position]) else {
                throw error("invalid \\u escape: expected a hexadecimal digit, found \(describe(position))", at: position)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// The code unit of a complete `\uXXXX` escape at `start`, if there is one.
    private func peekEscapedUnit(at start: Int) -> UInt32? {
        guard start + 6 <= bytes.count,
              bytes[start] == UInt8(ascii: "\\"),
              bytes[start + 1] == UInt8(ascii: "u") else { return nil }
        var value: UInt32 = 0
        for position in (start + 2)..<(start + 6) {
            guard let digit = hexValue(bytes[position]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func appendScalar(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `position`, or 0 when the byte
    /// there does not start one (Go then decodes that single byte as U+FFFD).
    private func validSequenceLength(at position: Int) -> Int {
        UTF8Validation.sequenceLength(bytes, at: position) ?? 0
    }

    // MARK: Whitespace and errors

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                index += 1
            default:
                return
            }
        }
    }

    private func endOfInput() -> JSONParseError {
        var failure = error("unexpected end of input (truncated?)", at: bytes.count)
        failure.isTruncated = true
        return failure
    }

    private func error(_ message: String, at offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        for position in 0..<min(offset, bytes.count) {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONParseError(offset: offset, line: line, column: column, message: message)
    }

    /// A short description of the byte at `position` for messages, e.g. `character 'x'`.
    private func describe(_ position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        return "character '\(describeCharacter(position))'"
    }

    private func describeCharacter(_ position: Int) -> String {
        let byte = bytes[position]
        if byte >= 0x20, byte < 0x7F {
            return String(UnicodeScalar(byte))
        }
        if byte >= 0x80 {
            let length = max(1, validSequenceLength(at: position))
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]), as: UTF8.self)
            if length > 1 {
                return text
            }
            return "\\x" + String(byte, radix: 16, uppercase: true)
        }
        return "U+" + hex4(UInt32(byte))
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A stack whose top elements move out into an array in one step, without copies or
/// reference-count traffic; shared by all nesting levels of one parse.
private final class MoveStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func push(_ element: Element) {
        if count == capacity {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Moves the elements from `start` to the top into a new array, top last.
    func popArray(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        let source = base + start
        count = start
        // Appending into reserved capacity stays in specialised code (the unsafe-uninitialized
        // initialiser looks up generic metadata at run time, which costs more than the moves).
        var array: [Element] = []
        array.reserveCapacity(moved)
        for offset in 0..<moved {
            array.append((source + offset).move())
        }
        return array
    }
}

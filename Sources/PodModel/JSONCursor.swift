import Foundation

/// A position in JSON bytes for readers that take a few members of a large document and skip
/// the rest without building values, checking the grammar as strictly as ``JSONParser`` as
/// they go.
///
/// It only answers what it is sure of: an escaped member name, a control character, a byte
/// that is not well-formed UTF-8, nesting deeper than ``maximumDepth`` and anything that is not
/// JSON throw ``Bail``, and the caller hands the bytes to the full parser, which accepts or
/// explains them.
package struct JSONCursor {
    /// The reader is not sure: the caller uses the full parser.
    package struct Bail: Error {
        package init() {}
    }

    package let bytes: UnsafeBufferPointer<UInt8>
    package var index = 0
    package var depth = 0
    /// Deeper nesting bails (the full parser allows more).
    package static let maximumDepth = 64

    package init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The byte at the current position.
    package func byte() throws(Bail) -> UInt8 {
        guard index < bytes.count else { throw Bail() }
        return bytes[index]
    }

    package mutating func enter() throws(Bail) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Bail() }
    }

    // MARK: Objects and arrays

    /// Opens the object at the current `{`; false (and the object read) when it is empty.
    package mutating func beginObject() throws(Bail) -> Bool {
        try enter()
        index += 1
        skipWhitespace()
        if try byte() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// Opens the array at the current `[`; false (and the array read) when it is empty.
    package mutating func beginArray() throws(Bail) -> Bool {
        try enter()
        index += 1
        skipWhitespace()
        if try byte() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// Reads the separator after a member or element: true for a comma (and the position is at
    /// the next one), false at `close`.
    package mutating func separator(close: UInt8) throws(Bail) -> Bool {
        skipWhitespace()
        let b = try byte()
        index += 1
        if b == UInt8(ascii: ",") {
            skipWhitespace()
            return true
        }
        guard b == close else { throw Bail() }
        depth -= 1
        return false
    }

    /// True when another member follows, false at the end of the object.
    package mutating func nextMember() throws(Bail) -> Bool { try separator(close: UInt8(ascii: "}")) }

    /// True when another element follows, false at the end of the array.
    package mutating func nextElement() throws(Bail) -> Bool { try separator(close: UInt8(ascii: "]")) }

    /// Reads a member name and the colon after it; returns the name without its quotes. An
    /// escaped name (which could spell any other) bails.
    package mutating func memberName() throws(Bail) -> Range<Int> {
        guard try byte() == UInt8(ascii: "\"") else { throw Bail() }
        let start = index + 1
        if try skipString() { throw Bail() }
        let name = start..<(index - 1)
        skipWhitespace()
        guard try byte() == UInt8(ascii: ":") else { throw Bail() }
        index += 1
        skipWhitespace()
        return name
    }

    /// Whether the bytes in `range` are `name`.
    package func isName(_ range: Range<Int>, _ name: StaticString) -> Bool {
        range.count == name.utf8CodeUnitCount
            && UnsafeBufferPointer(rebasing: bytes[range])
                .elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    // MARK: Typed values

    /// The string at the current position, or nil (and the value skipped) for another type.
    package mutating func string() throws(Bail) -> String? {
        guard try byte() == UInt8(ascii: "\"") else {
            _ = try skipValue()
            return nil
        }
        let start = index
        let escaped = try skipString()
        return try text(start..<index, escaped: escaped)
    }

    /// The text of the string whose quotes `range` includes.
    package func text(_ range: Range<Int>, escaped: Bool) throws(Bail) -> String {
        guard escaped else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]),
                          as: UTF8.self)
        }
        guard case .string(let text)? = try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range])) else { throw Bail() }
        return text
    }

    /// The RFC 3339 time of the string at the current position (`RFC3339.date(from:)` of its
    /// text), or nil (and the value skipped) for another type.
    package mutating func date() throws(Bail) -> Date? {
        guard try byte() == UInt8(ascii: "\"") else {
            _ = try skipValue()
            return nil
        }
        let start = index
        if try skipString() {
            return RFC3339.date(from: try text(start..<index, escaped: true))
        }
        return RFC3339.date(utf8: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)]))
    }

    /// The boolean at the current position, or nil (and the value skipped) for another type.
    package mutating func bool() throws(Bail) -> Bool? {
        switch try byte() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            _ = try skipValue()
            return nil
        }
    }

    /// The number at the current position as `Int(literal)` reads it (an integer without
    /// fraction or exponent that fits), or nil (and the value skipped) otherwise.
    package mutating func int() throws(Bail) -> Int? {
        let first = try byte()
        guard first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            _ = try skipValue()
            return nil
        }
        let start = index
        try skipNumber()
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value = 0
        while i < index {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0, digit <= 9 else { return nil }  // a fraction or an exponent
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// Skips the value at the current position; returns whether it is null.
    package mutating func skipIsNull() throws(Bail) -> Bool {
        if try byte() == UInt8(ascii: "n") {
            try literal("null")
            return true
        }
        _ = try skipValue()
        return false
    }

    // MARK: Skipping

    /// Skips one value, checking its grammar; returns whether it holds a backslash escape.
    package mutating func skipValue() throws(Bail) -> Bool {
        switch try byte() {
        case UInt8(ascii: "{"):
            var escaped = false
            guard try beginObject() else { return false }
            repeat {
                guard try byte() == UInt8(ascii: "\"") else { throw Bail() }
                if try skipString() { escaped = true }
                skipWhitespace()
                guard try byte() == UInt8(ascii: ":") else { throw Bail() }
                index += 1
                skipWhitespace()
                if try skipValue() { escaped = true }
            } while try nextMember()
            return escaped
        case UInt8(ascii: "["):
            var escaped = false
            guard try beginArray() else { return false }
            repeat {
                if try skipValue() { escaped = true }
            } while try nextElement()
            return escaped
        case UInt8(ascii: "\""):
            return try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw Bail()
        }
        return false
    }

    private mutating func literal(_ text: StaticString) throws(Bail) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Bail() }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Bail() }
        index += count
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() throws(Bail) {
        guard index < bytes.count, isDigit(bytes[index]) else { throw Bail() }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func skipNumber() throws(Bail) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if try byte() == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw Bail() }
        } else {
            try skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try skipDigits()
        }
    }

    /// Skips the string at the current quote; returns whether it holds a backslash escape.
    /// Control characters and bytes that are not well-formed UTF-8 bail.
    package mutating func skipString() throws(Bail) -> Bool {
        index += 1
        var escaped = false
        while index < bytes.count {
            index = Self.plainRun(bytes, from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return escaped
            case UInt8(ascii: "\\"):
                escaped = true
                guard index + 1 < bytes.count else { throw Bail() }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= bytes.count else { throw Bail() }
                    for offset in 2..<6 where !isHex(bytes[index + offset]) { throw Bail() }
                    index += 6
                default:
                    throw Bail()
                }
            case 0..<0x20:
                throw Bail()
            case 0x20..<0x80:
                index += 1
            default:
                index += try utf8SequenceLength()
            }
        }
        throw Bail()
    }

    /// The position of the first byte at or after `start` that a string scan must look at (a
    /// quote, a backslash, a control character or a byte of 0x80 or more), or the end. Reads
    /// eight bytes at a time: per byte, `b - 0x20` borrows into the high bit only below 0x20,
    /// and `b ^ q` is zero only where `b == q`; the lowest flagged byte is exact (a borrow only
    /// reaches the bytes above it).
    @inline(__always)
    package static func plainRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flagged = ((word &- ones &* 0x20) & ~word)
                | ((quote &- ones) & ~quote)
                | ((backslash &- ones) & ~backslash)
                | word
            let stop = flagged & highs
            if stop != 0 { return i + stop.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0..<0x20, 0x80...: return i
            default: i += 1
            }
        }
        return i
    }

    private func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// The length of the well-formed UTF-8 sequence at the current (non-ASCII) byte.
    private func utf8SequenceLength() throws(Bail) -> Int {
        guard let length = UTF8Validation.sequenceLength(bytes, at: index) else { throw Bail() }
        return length
    }
}

@testable import PodModel
import Testing

/// The string scan reads eight bytes at a time; it must stop, accept and refuse exactly where a
/// byte-at-a-time scan does.
@Suite("JSON cursor")
struct JSONCursorTests {
    /// The byte-at-a-time scan the word-wise one must agree with: the end of the string at
    /// `bytes[0]` (a quote) and whether it holds an escape, or nil where the cursor bails.
    static func reference(_ bytes: [UInt8]) -> (end: Int, escaped: Bool)? {
        var i = 1
        var escaped = false
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                return (i + 1, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                guard i + 1 < bytes.count else { return nil }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 6 <= bytes.count else { return nil }
                    for k in 2..<6 where !bytes[i + k].isHexDigit { return nil }
                    i += 6
                default:
                    return nil
                }
            case 0..<0x20:
                return nil
            case 0x20..<0x80:
                i += 1
            default:
                // Well-formed UTF-8, as String validates it.
                var length = 0
                for candidate in 2...4 where i + candidate <= bytes.count {
                    if String(validating: bytes[i..<(i + candidate)], as: UTF8.self) != nil {
                        length = candidate
                        break
                    }
                }
                guard length > 0 else { return nil }
                i += length
            }
        }
        return nil
    }

    static func scan(_ bytes: [UInt8]) -> (end: Int, escaped: Bool)? {
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(bytes: buffer)
            do throws(JSONCursor.Bail) {
                let escaped = try cursor.skipString()
                return (cursor.index, escaped)
            } catch {
                return nil
            }
        }
    }

    static func expectAgree(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let got = scan(bytes), want = reference(bytes)
        #expect(got?.end == want?.end && got?.escaped == want?.escaped, "\(bytes)", sourceLocation: sourceLocation)
    }

    @Test func everySpecialByteAtEveryOffsetOfAWord() {
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xBF, 0xC2, 0xE2, 0xF0, 0xFF]
        for length in 0..<20 {
            for offset in 0..<max(1, length) {
                for special in specials {
                    var body = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if offset < length { body[offset] = special }
                    Self.expectAgree([0x22] + body + [0x22])
                    Self.expectAgree([0x22] + body)  // unterminated
                    // A zero byte or a 0x20 below the special byte (borrows), then the special byte.
                    if offset > 0 {
                        body[offset - 1] = 0x00
                        Self.expectAgree([0x22] + body + [0x22])
                        body[offset - 1] = 0x20
                        Self.expectAgree([0x22] + body + [0x22])
                    }
                }
            }
        }
    }

    @Test func randomStringsAgree() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(truncatingIfNeeded: state >> 1)
        }
        let alphabet: [UInt8] = Array("abcXYZ019 -_./:\"\\ntu".utf8) + [0x00, 0x09, 0x1F, 0x7F, 0x80, 0xA9, 0xC3, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xED, 0xA0, 0xFF]
        var agreed = 0
        for _ in 0..<20_000 {
            let length = next() % 40
            var bytes: [UInt8] = [0x22]
            for _ in 0..<length {
                // Mostly plain ASCII, as real strings are, so that long runs reach the word loop.
                bytes.append(next() % 4 == 0 ? alphabet[next() % alphabet.count] : UInt8(0x61 + next() % 26))
            }
            if next() % 3 != 0 { bytes.append(0x22) }
            Self.expectAgree(bytes)
            if Self.reference(bytes) != nil { agreed += 1 }
        }
        #expect(agreed > 1_000, "the random strings include many the scan accepts")
    }

    @Test func textAndEscapesAgree() {
        let texts = ["", "plain", "exactly8", "sixteen bytes!!!", "é 👍🏽 日本", "a\\\"b", "\\u00e9\\u0041", "\\u12", "\\x", "tab\there",
                     String(repeating: "long plain text ", count: 100), String(repeating: "é", count: 33) + "\\n"]
        for text in texts {
            Self.expectAgree(Array(("\"" + text + "\"").utf8))
            Self.expectAgree(Array(("\"" + text + "\" , \"next\"").utf8))
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}

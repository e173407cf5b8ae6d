import Testing
@testable import PodModel

@Suite struct JSONParserTests {
    @Test func keepsNumberLiteralsExactly() throws {
        let value = try JSONParser.parse("[1.0, 1e3, 10000000000000000000001, -0, 1.50, 2.5E-3]")
        #expect(value == .array([.number("1.0"), .number("1e3"), .number("10000000000000000000001"),
                                 .number("-0"), .number("1.50"), .number("2.5E-3")]))
    }

    @Test func keepsMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys.elements == ["z", "a", "m"])
    }

    @Test func duplicateKeyKeepsFirstPositionAndLastValue() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys.elements == ["a", "b"])
        #expect(value["a"] == .number("3"))
    }

    @Test func decodesEscapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u003c\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t\u{E9}<\u{1F600}"))
    }

    @Test func replacesLoneSurrogatesLikeGo() throws {
        #expect(try JSONParser.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""\udc00""#) == .string("\u{FFFD}"))
        // A high surrogate followed by a non-low escape: both decoded separately.
        #expect(try JSONParser.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func replacesInvalidUTF8ByteByByteLikeGo() throws {
        // E2 82 is a truncated three-byte sequence: Go yields one U+FFFD per byte.
        let bytes: [UInt8] = [0x22, 0x61, 0xE2, 0x82, 0x62, 0xFF, 0x22]
        #expect(try JSONParser.parse(bytes) == .string("a\u{FFFD}\u{FFFD}b\u{FFFD}"))
        // Valid multi-byte text passes through unchanged.
        #expect(try JSONParser.parse(Array("\"caf\u{E9} \u{65E5}\u{1F600}\"".utf8)) == .string("caf\u{E9} \u{65E5}\u{1F600}"))
    }

    @Test(arguments: [
        ("01", "invalid number: leading zeros are not allowed"),
        ("-", "unexpected end of input (truncated?)"),
        ("1.", "unexpected end of input (truncated?)"),
        ("1.e3", "invalid number: expected a digit after the decimal point"),
        ("+1", "unexpected character '+' looking for beginning of value"),
        ("[1,]", "unexpected character ']' looking for beginning of value"),
        (#"{"a":1,}"#, "expected '\"' to begin object member name, found character '}'"),
        (#"{"a" 1}"#, "expected ':' after object key"),
        ("[1 2]", "expected ',' or ']' after array element"),
        ("{} x", "unexpected character 'x' after top-level value"),
        ("tru", "unexpected end of input (truncated?)"),
        ("trux", "invalid literal, expected 'true'"),
        (#""\x""#, "invalid escape '\\x' in string"),
        (#""\u12g4""#, "invalid \\u escape: expected a hexadecimal digit, found character 'g'"),
        ("\"a\tb\"", "invalid control character U+0009 in string (escape it)"),
        ("", "unexpected end of input (truncated?)"),
        ("NaN", "unexpected character 'N' looking for beginning of value"),
    ])
    func rejectsInvalidInput(text: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func reportsLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2 \"c\"\n}"
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 10)
            #expect(error.offset == 21)
            #expect(error.description == "line 3, column 10: expected ',' or '}' after object member")
            #expect(!error.isTruncated)
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        do {
            _ = try JSONParser.parse("[\"\u{E9}\u{E9}\" x]")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == 7)
            #expect(error.offset == 8)
        }
    }

    @Test func truncatedInputIsFlagged() {
        let text = #"{"metadata":{"name":"a""#
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.isTruncated)
            #expect(error.offset == text.utf8.count)
        }
    }

    @Test func depthLimitIsAnErrorNotACrash() throws {
        let ok = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        do {
            _ = try JSONParser.parse(hostile)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "nesting is deeper than 1000 levels")
        }
    }

    @Test func parsesNonContiguousCollections() throws {
        let bytes = Array(#"{"a":[true,false,null]}"#.utf8)
        let value = try JSONParser.parse(bytes.lazy.map { $0 })
        #expect(value == ["a": [true, false, nil]])
    }

    @Test func parsesALargeDocument() throws {
        let pod = Fixtures.canonicalPod
        var text = "["
        var count = 0
        while text.utf8.count < 2_000_000 {
            if count > 0 { text += "," }
            text += pod
            count += 1
        }
        text += "]"
        let value = try JSONParser.parse(Array(text.utf8))
        let elements = try #require(value.arrayValue)
        #expect(elements.count == count)
        #expect(elements.last?[["metadata", "name"]] == "web-7d9f")
        #expect(JSONWriter.compact(value) == Array(text.utf8))
    }
}

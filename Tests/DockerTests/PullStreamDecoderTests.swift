import Docker
import NIOCore
import Testing

struct PullStreamDecoderTests {
    /// A real pull stream as dockerd 20.10 writes it (`\r\n` line ends, `\u003e` escapes).
    static let stream = [
        #"{"status":"Pulling from demo/app","id":"1"}"#,
        #"{"status":"Pulling fs layer","progressDetail":{},"id":"de1f7662b2c3"}"#,
        #"{"status":"Waiting","progressDetail":{},"id":"de1f7662b2c3"}"#,
        #"{"status":"Downloading","progressDetail":{"current":36445,"total":2000859},"progress":"[\u003e    ]  36.45kB/2.001MB","id":"de1f7662b2c3"}"#,
        #"{"status":"Verifying Checksum","progressDetail":{},"id":"de1f7662b2c3"}"#,
        #"{"status":"Download complete","progressDetail":{},"id":"de1f7662b2c3"}"#,
        #"{"status":"Extracting","progressDetail":{"current":2000859,"total":2000859},"progress":"[====\u003e]  2.001MB/2.001MB","id":"de1f7662b2c3"}"#,
        #"{"status":"Pull complete","progressDetail":{},"id":"de1f7662b2c3"}"#,
        #"{"status":"Digest: sha256:2a064164c50505d6bb3030cc2b1185598683abeca3a9544c73e3bb4651ba43cd"}"#,
        #"{"status":"Status: Downloaded newer image for 127.0.0.1:5055/demo/app:1"}"#,
    ].map { $0 + "\r\n" }.joined()

    static let expected: [PullMessage] = [
        PullMessage(id: "1", status: "Pulling from demo/app"),
        PullMessage(id: "de1f7662b2c3", status: "Pulling fs layer"),
        PullMessage(id: "de1f7662b2c3", status: "Waiting"),
        PullMessage(id: "de1f7662b2c3", status: "Downloading", progress: "[>    ]  36.45kB/2.001MB",
                    progressDetail: .init(current: 36445, total: 2000859)),
        PullMessage(id: "de1f7662b2c3", status: "Verifying Checksum"),
        PullMessage(id: "de1f7662b2c3", status: "Download complete"),
        PullMessage(id: "de1f7662b2c3", status: "Extracting", progress: "[====>]  2.001MB/2.001MB",
                    progressDetail: .init(current: 2000859, total: 2000859)),
        PullMessage(id: "de1f7662b2c3", status: "Pull complete"),
        PullMessage(status: "Digest: sha256:2a064164c50505d6bb3030cc2b1185598683abeca3a9544c73e3bb4651ba43cd"),
        PullMessage(status: "Status: Downloaded newer image for 127.0.0.1:5055/demo/app:1"),
    ]

    /// Feeds `chunks` and drains every message, finishing at the end.
    static func decode(_ chunks: [[UInt8]]) throws -> [PullMessage] {
        var decoder = PullStreamDecoder()
        var out: [PullMessage] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let message = try decoder.next() { out.append(message) }
        }
        decoder.finish()
        while let message = try decoder.next() { out.append(message) }
        return out
    }

    @Test func decodesARealStream() throws {
        #expect(try Self.decode([Array(Self.stream.utf8)]) == Self.expected)
    }

    @Test func chunkSplitsAtEveryByteOffsetDecodeTheSame() throws {
        let bytes = Array(Self.stream.utf8)
        for offset in 0...bytes.count {
            let messages = try Self.decode([Array(bytes[..<offset]), Array(bytes[offset...])])
            #expect(messages == Self.expected, "split at byte \(offset)")
        }
    }

    @Test func threeWaySplitsAndSingleBytesDecodeTheSame() throws {
        let bytes = Array(Self.stream.utf8)
        for first in stride(from: 0, through: bytes.count, by: 7) {
            for second in stride(from: first, through: bytes.count, by: 13) {
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                #expect(try Self.decode(chunks) == Self.expected, "splits at \(first) and \(second)")
            }
        }
        #expect(try Self.decode(bytes.map { [$0] }) == Self.expected)
    }

    @Test func byteBuffersAreAccepted() throws {
        var decoder = PullStreamDecoder()
        let bytes = Array(Self.stream.utf8)
        var out: [PullMessage] = []
        for start in stride(from: 0, to: bytes.count, by: 100) {
            let chunk = ByteBuffer(bytes: bytes[start..<min(start + 100, bytes.count)])
            out += try decoder.messages(in: chunk)
        }
        #expect(out == Self.expected)
        #expect(!decoder.hasPartialLine)
    }

    @Test func aLastLineWithoutNewlineNeedsFinish() throws {
        var decoder = PullStreamDecoder()
        decoder.append(Array(#"{"status":"a"}"#.utf8) + [0x0A] + Array(#"{"status":"b"}"#.utf8))
        #expect(try decoder.next() == PullMessage(status: "a"))
        #expect(try decoder.next() == nil)
        #expect(decoder.hasPartialLine)
        decoder.finish()
        #expect(try decoder.next() == PullMessage(status: "b"))
        #expect(try decoder.next() == nil)
    }

    @Test func blankLinesAndSurroundingWhitespaceAreSkipped() throws {
        let text = "\n\r\n  \t\n  {\"status\" : \"x\" , \"id\":\"y\"}  \r\n\n"
        #expect(try Self.decode([Array(text.utf8)]) == [PullMessage(id: "y", status: "x")])
    }

    @Test func malformedLineIsAnErrorNamingTheLineAndDecodingGoesOn() throws {
        var decoder = PullStreamDecoder()
        decoder.append(Array("{\"status\":\"ok\"}\n{\"id\":\"a\",\"x\": tru}\n{\"status\":\"after\"}\n".utf8))
        #expect(try decoder.next() == PullMessage(status: "ok"))
        let error = #expect(throws: PullLineError.self) { try decoder.next() }
        #expect(error?.lineNumber == 2)
        #expect(error?.line == #"{"id":"a","x": tru}"#)
        #expect(error?.reason == "invalid literal at byte 15")
        #expect(error?.description == #"malformed pull stream line 2 (invalid literal at byte 15): {"id":"a","x": tru}"#)
        #expect(try decoder.next() == PullMessage(status: "after"))
    }

    @Test(arguments: [
        ("[1,2]", "expected a JSON object at byte 0"),
        ("\"status\"", "expected a JSON object at byte 0"),
        ("{\"status\":\"x\"} trailing", "unexpected characters after the object at byte 15"),
        ("{\"status\":1}", "\"status\" is not a string at byte 10"),
        ("{\"id\":\"unterminated}", "unterminated string at byte 20"),
        ("{\"progressDetail\":{\"current\":\"7\"}}", "\"current\" is not a number at byte 29"),
        ("{\"progressDetail\":[]}", "\"progressDetail\" is not an object at byte 18"),
        ("{\"errorDetail\":\"x\"}", "\"errorDetail\" is not an object at byte 15"),
        ("{\"status\":\"a\\qb\"}", "invalid escape at byte 13"),
        ("{\"status\":\"a\\u12\"}", "invalid \\u escape at byte 16"),
        ("{\"status\":\"a\u{01}\"}", "control character in a string at byte 12"),
        ("{\"a\":01}", "expected ',' or '}' at byte 6"),
        ("{\"a\":-}", "invalid number at byte 6"),
        ("{\"a\":1,}", "expected a string key at byte 7"),
        ("{\"a\" 1}", "expected ':' after a key at byte 5"),
        ("{\"a\":1", "unterminated object at byte 6"),
        ("{\"a\":[1 2]}", "expected ',' or ']' at byte 8"),
    ])
    func malformedShapesAreReportedWithTheirReason(line: String, reason: String) throws {
        var decoder = PullStreamDecoder()
        decoder.append(Array((line + "\n").utf8))
        let error = #expect(throws: PullLineError.self) { try decoder.next() }
        #expect(error?.reason == reason)
        #expect(error?.lineNumber == 1)
    }

    @Test func errorLinesCarryTheirMessage() throws {
        let text = [
            #"{"errorDetail":{"message":"unknown blob"},"error":"unknown blob"}"#,
            #"{"error":"only the short form"}"#,
            #"{"errorDetail":{"code":500,"message":"detail wins"},"error":"short"}"#,
            #"{"errorDetail":null,"error":"null detail"}"#,
        ].joined(separator: "\n")
        let messages = try Self.decode([Array(text.utf8)])
        #expect(messages.map(\.errorMessage) == ["unknown blob", "only the short form", "detail wins", "null detail"])
    }

    @Test func unknownKeysOfAnyShapeAreSkipped() throws {
        let line = #"{"aux":{"Tag":"1","Size":[1,2.5e3,{"a":null,"b":[true,false]}]},"status":"s","progressDetail":{"current":1,"hidden":{"x":[]},"total":2},"n":-0.5}"#
        #expect(try Self.decode([Array(line.utf8)]) == [PullMessage(status: "s", progressDetail: .init(current: 1, total: 2))])
    }

    @Test func escapesAreDecoded() throws {
        let line = #"{"status":"tab\tquote\"slash\/back\\ \u00e9 \ud83d\ude00 lone \ud800 end \udc00"}"#
        let message = try #require(try Self.decode([Array(line.utf8)]).first)
        #expect(message.status == "tab\tquote\"slash/back\\ é 😀 lone \u{FFFD} end \u{FFFD}")
    }

    @Test func numbersOfEveryFormBecomeIntegers() throws {
        let lines = [
            #"{"progressDetail":{"current":12.9,"total":1e3}}"#,
            #"{"progressDetail":{"current":-5,"total":123456789012345678901234}}"#,
            #"{"progressDetail":{"current":null,"total":null}}"#,
            #"{"progressDetail":{}}"#,
        ].joined(separator: "\n")
        let details = try Self.decode([Array(lines.utf8)]).map(\.progressDetail)
        #expect(details == [.init(current: 12, total: 1000), .init(current: -5, total: Int64.max), nil, nil])
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        var decoder = PullStreamDecoder()
        decoder.append(Array((deep + "\n{\"status\":\"next\"}\n").utf8))
        let error = #expect(throws: PullLineError.self) { try decoder.next() }
        #expect(error?.reason.hasPrefix("nested deeper than 64 levels") == true)
        #expect(error?.line.hasSuffix("…") == true)
        #expect(try decoder.next() == PullMessage(status: "next"))
    }

    @Test func overLongLinesAreRejectedAndSkipped() throws {
        var decoder = PullStreamDecoder(maximumLineLength: 64)
        decoder.append(Array(("{\"status\":\"" + String(repeating: "x", count: 100)).utf8))
        let error = #expect(throws: PullLineError.self) { try decoder.next() }
        #expect(error?.reason == "line longer than 64 bytes")
        decoder.append(Array((String(repeating: "y", count: 100) + "\"}\n{\"status\":\"short\"}\n").utf8))
        #expect(try decoder.next() == PullMessage(status: "short"))
        #expect(try decoder.next() == nil)
    }

    @Test func mutatedInputNeverCrashesAndEveryErrorNamesARealLine() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let base = Array(Self.stream.utf8)
        let lineCount = base.filter { $0 == 0x0A }.count
        var errors = 0
        for _ in 0..<2_000 {
            var bytes = base
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            var decoder = PullStreamDecoder()
            var position = 0
            while position < bytes.count {
                let end = min(bytes.count, position + Int(generator.next() % 40) + 1)
                decoder.append(bytes[position..<end])
                position = end
                while true {
                    do {
                        guard try decoder.next() != nil else { break }
                    } catch {
                        errors += 1
                        #expect((1...lineCount + 1).contains(error.lineNumber))
                    }
                }
            }
        }
        #expect(errors > 0)
    }
}

/// A small deterministic generator for reproducible mutations.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Testing
@testable import PodModel

@Suite struct JSONWriterTests {
    @Test func escapesLikeGo() {
        let value = JSONValue.string("q\" b\\ n\n r\r t\t bs\u{08} ff\u{0C} nul\u{0} us\u{1F} del\u{7F} <>& \u{2028}\u{2029} \u{E9}\u{1F600}")
        let expected = #""q\" b\\ n\n r\r t\t bs\b ff\f nul\u0000 us\u001f del"# + "\u{7F}"
            + #" \u003c\u003e\u0026 \u2028\u2029 "# + "\u{E9}\u{1F600}\""
        #expect(Fixtures.string(JSONWriter.compact(value)) == expected)
    }

    @Test func compactHasNoSpacesAndKeepsLiterals() {
        let value: JSONValue = ["b": [1, .number("1.50"), true, nil], "a": ["x": "y"], "e": [:], "f": []]
        #expect(Fixtures.string(JSONWriter.compact(value)) == #"{"b":[1,1.50,true,null],"a":{"x":"y"},"e":{},"f":[]}"#)
    }

    @Test func canonicalDocumentRoundTrips() throws {
        let value = try JSONParser.parse(Fixtures.canonicalPod)
        #expect(Fixtures.string(JSONWriter.compact(value)) == Fixtures.canonicalPod)
    }

    @Test func prettyEscapesDELAndC1ControlsButCompactKeepsGoBytes() throws {
        let value: JSONValue = ["k\u{9B}": "csi\u{9B}31m del\u{7F} c1\u{80}\u{9F} ok\u{A0}é"]
        let pretty = JSONWriter.pretty(value)
        #expect(pretty == #"{\#n    "k\u009b": "csi\u009b31m del\u007f c1\u0080\u009f ok\#u{A0}é"\#n}"#)
        #expect(try JSONParser.parse(Array(pretty.utf8)) == value, "reads back as the same value")
        // Stored bytes stay what Go's encoding/json writes: C1 and DEL raw.
        #expect(String(decoding: JSONWriter.compact(value), as: UTF8.self) == "{\"k\u{9B}\":\"csi\u{9B}31m del\u{7F} c1\u{80}\u{9F} ok\u{A0}é\"}")
    }

    @Test func prettyMatchesMarshalIndent() {
        let value: JSONValue = ["name": "a<b", "ports": [80, 443], "empty": [:], "none": [], "nested": ["k": nil]]
        let expected = """
        {
            "name": "a\\u003cb",
            "ports": [
                80,
                443
            ],
            "empty": {},
            "none": [],
            "nested": {
                "k": null
            }
        }
        """
        #expect(JSONWriter.pretty(value) == expected)
        #expect(JSONWriter.pretty(["a": [1]], indent: 2) == "{\n  \"a\": [\n    1\n  ]\n}")
        #expect(JSONWriter.pretty("x") == "\"x\"")
    }
}

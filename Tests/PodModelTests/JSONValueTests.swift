import Testing
@testable import PodModel

@Suite struct JSONValueTests {
    @Test func accessors() {
        let value: JSONValue = ["s": "x", "n": 42, "f": .number("1.5"), "b": true, "o": ["k": 1], "a": [1, 2]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.intValue == 42)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 1.5)
        #expect(value["b"]?.boolValue == true)
        #expect(value["o"]?.objectValue?["k"] == 1)
        #expect(value["a"]?.arrayValue?.count == 2)
        #expect(value[["o", "k"]] == 1)
        #expect(value[path: ["o", "k"]] == 1)
        #expect(value[["o", "missing"]] == nil)
        #expect(value["s"]?["x"] == nil)
        #expect(JSONValue.int(7) == .number("7"))
        #expect(JSONValue.number("99999999999999999999").intValue == nil)
        #expect(JSONValue.string("1").intValue == nil)
    }

    @Test func setCreatesIntermediatesAndKeepsOrder() {
        var value: JSONValue = ["a": 1, "m": ["x": 1, "y": 2], "z": 3]
        value.set("new", at: ["m", "x"])
        value.set(true, at: ["m", "deep", "er"])
        value.set(4, at: ["b"])
        #expect(value.description == #"{"a":1,"m":{"x":"new","y":2,"deep":{"er":true}},"z":3,"b":4}"#)
        value.set(nil, at: ["m", "y"])
        value.set(nil, at: ["missing", "path"])
        #expect(value.description == #"{"a":1,"m":{"x":"new","deep":{"er":true}},"z":3,"b":4}"#)
        value.set(1, at: ["a", "b"])
        #expect(value["a"] == ["b": 1])
        value.set(nil, at: [])
        #expect(value == .null)
    }
}

import Testing
@testable import PodModel

@Suite struct PodYAMLTests {
    @Test func rendersLikeKubectl() {
        let value: JSONValue = [
            "apiVersion": "v1",
            "metadata": ["name": "web", "labels": ["app": "web"], "annotations": [:]],
            "spec": [
                "containers": [
                    ["name": "web", "image": "nginx", "ports": [["containerPort": 80]], "args": ["--port=80", "-v"]],
                ],
                "tolerations": [],
            ],
            "count": .number("1.50"),
        ]
        let expected = """
        apiVersion: v1
        metadata:
          name: web
          labels:
            app: web
          annotations: {}
        spec:
          containers:
          - name: web
            image: nginx
            ports:
            - containerPort: 80
            args:
            - --port=80
            - -v
          tolerations: []
        count: 1.50

        """
        #expect(PodYAML.render(value) == expected)
    }

    @Test(arguments: [
        ("true", "\"true\""), ("yes", "\"yes\""), ("Off", "\"Off\""), ("y", "\"y\""), ("1", "\"1\""),
        ("0123", "\"0123\""), ("1.0", "\"1.0\""), ("1e3", "\"1e3\""), ("0x1F", "\"0x1F\""), ("null", "\"null\""),
        ("~", "\"~\""), ("", "\"\""), (" lead", "\" lead\""), ("trail ", "\"trail \""), ("a: b", "\"a: b\""),
        ("a #b", "\"a #b\""), ("- x", "\"- x\""), ("-", "\"-\""), ("*ref", "\"*ref\""), ("2024-05-01T10:00:00Z", "\"2024-05-01T10:00:00Z\""),
        ("tab\there", "\"tab\\there\""), ("plain text", "plain text"), ("10.0.0.1", "10.0.0.1"),
        ("key:value", "key:value"), ("--port=80", "--port=80"), ("caf\u{E9}", "caf\u{E9}"), ("<<", "\"<<\""),
    ])
    func quotesStringsThatWouldBeMisread(text: String, rendered: String) throws {
        #expect(PodYAML.render(["k": .string(text)]) == "k: \(rendered)\n")
        #expect(try PodYAML.parse(PodYAML.render(["k": .string(text)])) == ["k": .string(text)])
    }

    @Test func multiLineStringsUseLiteralBlocks() throws {
        let value: JSONValue = ["script": "echo a\necho b\n", "clip": "one\ntwo", "keep": "x\n\n"]
        let rendered = PodYAML.render(value)
        #expect(rendered == "script: |\n  echo a\n  echo b\nclip: |-\n  one\n  two\nkeep: |+\n  x\n\n")
        #expect(try PodYAML.parse(rendered) == value)
    }

    @Test func roundTripsTrickyValues() throws {
        let strings: [String] = [
            "true", "false", "0123", "", "a: b", "multi\nline", "\nleading break", " indented\nblock", "trailing \nspace",
            "# not a comment", "\"quoted\"", "'single'", "back\\slash", "\u{1F600} emoji", "nul\u{0}byte",
            "bell\u{07}", "\u{2028}sep", "...", "---", "@at", "`tick", "%pct", "{brace}", "[bracket]", "a,b", "?q", ":colon",
            "1:20", ".inf", "-.5", "+1", "0o17", "0b101", "=", "Yes", "NO", "n", "line1\r\nline2", "x\t\ny",
            // A byte order mark that starts a key or value (found by make fuzz: it vanished on the way back).
            "\u{FEFF}ge", "\u{FEFF}", "\u{FEFF}\u{FEFF}two", "mid\u{FEFF}dle",
            // Combining marks that make ": ", " #" or "---" more than one Character (found by make fuzz).
            "key: \u{313}th colon", "a #\u{301}b", "---\u{301}", "...\u{301}x",
        ]
        var members = OrderedDictionaryBuilder()
        for (index, text) in strings.enumerated() {
            members.add("s\(index)", .string(text))
            members.add(text.isEmpty ? "empty" : text, .int(index))
        }
        members.add("numbers", [.number("1.0"), .number("1e3"), .number("-0"), .number("10000000000000000000001"), .number("2.5E-3")])
        members.add("nested", [[["a": [:]], []], [["b": nil]]])
        let value = members.value
        let rendered = PodYAML.render(value)
        #expect(try PodYAML.parse(rendered) == value)
        // Documents that are not objects render too.
        #expect(try PodYAML.parse(PodYAML.render([1, "two", [3]])) == [1, "two", [3]])
        #expect(try PodYAML.parse(PodYAML.render("a\nb")) == "a\nb")
    }

    @Test func byteOrderMarksStartingAScalarAreKept() throws {
        // Every way of writing them in a double-quoted scalar, in keys and values.
        let text = #"{"\uFEFFa": "\ufeffb", "\U0000FEFFc": ["\uFEFF\uFEFF", "x\uFEFF"], 'single': '\uFEFF'}"#
        let value = try PodYAML.parse(text)
        #expect(value == ["\u{FEFF}a": "\u{FEFF}b", "\u{FEFF}c": ["\u{FEFF}\u{FEFF}", "x\u{FEFF}"], "single": "\\uFEFF"])
    }

    @Test func realisticPodRoundTrips() throws {
        let pod = try Fixtures.pod(Fixtures.canonicalPod)
        let rendered = PodYAML.render(pod.json)
        #expect(rendered.contains("  creationTimestamp: \"2024-05-01T10:00:00Z\"\n"))
        #expect(rendered.contains("    weight: 1.50\n"))
        #expect(try PodYAML.parse(rendered) == pod.json)
    }

    @Test func parsesYAMLNumbersIntoJSONGrammar() throws {
        let yaml = """
        hex: 0x10
        octal: 0o17
        oldOctal: 017
        binary: 0b101
        plus: +1
        underscore: 1_000
        sexagesimal: 1:30
        float: .5
        signedFloat: +1.5
        noFraction: 1.
        exponent: 1e3
        big: 123456789012345678901234567890
        bigHex: 0xFFFFFFFFFFFFFFFFFF
        negative: -0x10
        """
        let value = try PodYAML.parse(yaml)
        let expected: [(String, String)] = [
            ("hex", "16"), ("octal", "15"), ("oldOctal", "15"), ("binary", "5"), ("plus", "1"), ("underscore", "1000"),
            ("sexagesimal", "90"), ("float", "0.5"), ("signedFloat", "1.5"), ("noFraction", "1.0"), ("exponent", "1e3"),
            ("big", "123456789012345678901234567890"), ("bigHex", "4722366482869645213695"), ("negative", "-16"),
        ]
        for (key, literal) in expected {
            #expect(value[key] == .number(literal), "\(key)")
        }
    }

    @Test func parsesScalarsByResolvedTag() throws {
        let value = try PodYAML.parse("""
        a: yes
        b: "yes"
        c: ~
        d: 2024-05-01T10:00:00Z
        e: !!str 12
        f: 'single'
        g: |
          text

        """)
        #expect(value == ["a": true, "b": "yes", "c": nil, "d": "2024-05-01T10:00:00Z", "e": "12", "f": "single", "g": "text\n"])
    }

    @Test func resolvesAnchorsAliasesAndMergeKeys() throws {
        let value = try PodYAML.parse("""
        base: &base
          image: nginx
          pull: Always
        one:
          <<: *base
          pull: Never
        list: &items [a, b]
        again: *items
        """)
        #expect(value["one"] == ["image": "nginx", "pull": "Never"])
        #expect(value["again"] == ["a", "b"])
    }

    @Test func keysBecomeStrings() throws {
        let value = try PodYAML.parse("1: a\ntrue: b\nnull: c\n0x10: d\n")
        #expect(value.objectValue?.keys.elements == ["1", "true", "null", "16"])
    }

    @Test func errorsCarryPositions() {
        let cases: [(String, DocumentError.Kind, Int?)] = [
            ("a: 1\nb: [1, 2\n", .syntax, nil),
            ("a: b: c\n", .syntax, 1),
            ("a: 1\n---\nb: 2\n", .multipleDocuments, 2),
            ("a: .inf\n", .unsupportedValue, 1),
            ("? [a]\n: 1\n", .unsupportedValue, 1),
            ("a: 1\na: 2\n", .syntax, 1),
            ("a: *missing\n", .syntax, 1),
        ]
        for (text, kind, line) in cases {
            do {
                _ = try PodYAML.parse(text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.kind == kind, "\(text)")
                #expect(error.line != nil, "\(text)")
                #expect(error.column != nil, "\(text)")
                if let line {
                    #expect(error.line == line, "\(text)")
                }
                #expect(!error.message.contains("\n"))
                #expect(error.description.hasPrefix("line "))
            }
        }
    }

    @Test func mappingValueErrorIsDescribed() {
        do {
            _ = try PodYAML.parse("metadata:\n  name: a\n  labels: x: y\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("line 3, column "))
            #expect(error.message.contains("mapping values are not allowed"))
        }
    }
}

/// Builds an object member by member (keys may repeat; the last value wins).
struct OrderedDictionaryBuilder {
    private(set) var value: JSONValue = [:]

    mutating func add(_ key: String, _ member: JSONValue) {
        value.set(member, at: [key])
    }
}

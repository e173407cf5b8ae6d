import Testing
@testable import PodModel

@Suite struct DocumentReaderTests {
    @Test func readsJSONWithEditorHeader() throws {
        let text = """
        # Please edit the object below. Lines beginning with a '#' will be ignored.
        #
        {"kind": "Pod", "metadata": {"name": "a"}, "n": 1.50}
        """
        #expect(try DocumentReader.read(text) == ["kind": "Pod", "metadata": ["name": "a"], "n": .number("1.50")])
    }

    @Test func jsonErrorsKeepEditorLineNumbers() {
        let text = "# header\n# more\n{\n  \"a\": 1\n  \"b\": 2\n}\n"
        do {
            _ = try DocumentReader.read(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.description == "line 5, column 3: expected ',' or '}' after object member")
        }
    }

    @Test func readsYAML() throws {
        let text = """
        # header line
          # indented comment
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
        spec:
          containers:
          - name: c
            command:
            - sh
            - -c
            - |
              # this line is part of the script
              echo hi

        """
        let value = try DocumentReader.read(text)
        #expect(value[["metadata", "name"]] == "a")
        let command = value[["spec", "containers"]]?.arrayValue?.first?["command"]
        #expect(command == ["sh", "-c", "# this line is part of the script\necho hi\n"])
    }

    @Test(arguments: ["", "   \n\t\n", "# only\n# comments\n", "\u{FEFF}"])
    func emptyDocuments(text: String) {
        #expect(throws: DocumentError.empty) { try DocumentReader.read(text) }
    }

    @Test func documentsThatAreNotObjects() {
        for text in ["- a\n- b\n", "just text", "[1, 2]", "42"] {
            do {
                _ = try DocumentReader.read(text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.kind == .notAnObject, "\(text)")
            }
        }
    }

    @Test func yamlErrorDescription() {
        do {
            _ = try DocumentReader.read("# header\nmetadata:\n  name: a\n   labels: b\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.line == 4)
            #expect(error.description.hasPrefix("line 4, column "))
        }
    }
}

import Foundation
import Testing
@testable import PodModel

@Suite struct PodDecodeTests {
    @Test func unchangedPodKeepsItsBytes() throws {
        for text in [Fixtures.canonicalPod, Fixtures.handWrittenPod] {
            let bytes = Fixtures.bytes(text)
            let pod = try Pod.decode(bytes).get()
            #expect(pod.storageBytes() == bytes)
            // Copies and no-op mutations keep them too.
            var copy = pod
            copy.json.set(copy.json[["metadata", "name"]], at: ["metadata", "name"])
            #expect(copy.storageBytes() == bytes)
        }
    }

    @Test func changingOneLabelChangesOnlyThatLabel() throws {
        var pod = try Fixtures.pod(Fixtures.canonicalPod)
        pod.setLabel("tier", "backend")
        let expected = Fixtures.canonicalPod.replacingOccurrences(of: #""tier":"frontend""#, with: #""tier":"backend""#)
        #expect(Fixtures.string(pod.storageBytes()) == expected)
    }

    @Test func handWrittenPodIsReencodedCanonicallyAfterAChange() throws {
        var pod = try Fixtures.pod(Fixtures.handWrittenPod)
        pod.setLabel("new", "x")
        let expected = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"hand","labels":{"app":"caf\#u{E9}","new":"x"}},"spec":{"containers":[{"name":"c","image":"busybox","args":["sleep","1e3"]}]},"x-extra":[1.0,1E+2,"/slash"]}"#
        #expect(Fixtures.string(pod.storageBytes()) == expected)
    }

    @Test func resourceVersionLivesOutsideTheDocument() throws {
        let stored = #"{"kind":"Pod","metadata":{"name":"a","namespace":"ns","uid":"u1","resourceVersion":"17","labels":{"x":"y"}}}"#
        var pod = try Pod.decode(Fixtures.bytes(stored), resourceVersion: 42).get()
        #expect(pod.resourceVersion == 42)
        #expect(pod.json[["metadata", "resourceVersion"]] == nil)
        // The stale stored value is dropped, so the bytes are rewritten without it.
        #expect(Fixtures.string(pod.storageBytes()) == #"{"kind":"Pod","metadata":{"name":"a","namespace":"ns","uid":"u1","labels":{"x":"y"}}}"#)
        let presented = pod.presented()
        #expect(presented[["metadata"]]?.objectValue?.keys.elements == ["name", "namespace", "uid", "resourceVersion", "labels"])
        #expect(presented[["metadata", "resourceVersion"]] == "42")
        pod.resourceVersion = nil
        #expect(pod.presented() == pod.json)
    }

    @Test func presentedPlacesResourceVersionAfterNameOrNamespace() throws {
        var pod = try Pod(json: ["kind": "Pod", "metadata": ["name": "a", "labels": [:], "namespace": "n", "x": 1]])
        pod.resourceVersion = 5
        #expect(pod.presented()[["metadata"]]?.objectValue?.keys.elements == ["name", "labels", "namespace", "resourceVersion", "x"])
        var bare = try Pod(json: ["apiVersion": "v1", "kind": "Pod", "spec": [:]])
        bare.resourceVersion = 9
        #expect(bare.presented().description == #"{"apiVersion":"v1","kind":"Pod","metadata":{"resourceVersion":"9"},"spec":{}}"#)
    }

    @Test func userDocumentExtractsResourceVersion() throws {
        let fromString = try Pod(userDocument: ["kind": "Pod", "metadata": ["name": "a", "resourceVersion": "123"]])
        #expect(fromString.resourceVersion == 123)
        #expect(fromString.json == ["kind": "Pod", "metadata": ["name": "a"]])
        let fromNumber = try Pod(userDocument: ["metadata": ["resourceVersion": 7]])
        #expect(fromNumber.resourceVersion == 7)
        let empty = try Pod(userDocument: ["metadata": ["resourceVersion": ""]])
        #expect(empty.resourceVersion == nil)
        #expect(throws: PodDecodeError.invalidResourceVersion("abc")) {
            try Pod(userDocument: ["metadata": ["resourceVersion": "abc"]])
        }
        #expect(throws: PodDecodeError.notAPod(kind: "Service")) { try Pod(userDocument: ["kind": "Service"]) }
        #expect(throws: PodDecodeError.notAnObject) { try Pod(userDocument: [1]) }
    }

    @Test func userDocumentFromYAMLRoundTrip() throws {
        var pod = try Fixtures.pod(Fixtures.canonicalPod)
        pod.resourceVersion = 88
        let text = PodYAML.render(pod.presented())
        let again = try Pod(userDocument: DocumentReader.read(text))
        #expect(again == pod)
        #expect(again.storageBytes() == Fixtures.bytes(Fixtures.canonicalPod))
    }

    @Test func decodeReasons() {
        func reason(_ bytes: [UInt8]) -> PodDecodeError? {
            if case .failure(let error) = Pod.decode(bytes) { return error }
            return nil
        }
        #expect(reason([]) == .empty)
        #expect(reason(Fixtures.bytes("  \n")) == .empty)
        #expect(reason([0x6B, 0x38, 0x73, 0x00, 0x0A, 0x0B]) == .kubernetesProtobuf)
        #expect(reason([0x7B, 0x00, 0x7D]) == .binary)
        #expect(reason([0x7B, 0xFF, 0x7D]) == .binary)
        #expect(reason(Fixtures.bytes("[]")) == .notAnObject)
        #expect(reason(Fixtures.bytes(#""pod""#)) == .notAnObject)
        #expect(reason(Fixtures.bytes(#"{"kind":"Service","metadata":{"name":"s"}}"#)) == .notAPod(kind: "Service"))
        #expect(reason(Fixtures.bytes(#"{"metadata":{"name":"no-kind"}}"#)) == nil)
        guard case .malformedJSON(let garbage)? = reason(Fixtures.bytes("hello world")) else {
            Issue.record("garbage should be malformed JSON")
            return
        }
        #expect(!garbage.isTruncated)
        #expect(PodDecodeError.malformedJSON(garbage).description == "malformed JSON at line 1, column 1: unexpected character 'h' looking for beginning of value")
    }

    @Test func truncatedValueNamesTheByte() {
        let bytes = Array(Fixtures.bytes(Fixtures.canonicalPod).prefix(512))
        guard case .failure(let error) = Pod.decode(bytes), case .malformedJSON(let parseError) = error else {
            Issue.record("expected malformed JSON")
            return
        }
        #expect(parseError.isTruncated)
        #expect(error.description == "truncated JSON at byte 512")
        #expect(PodDecodeError.kubernetesProtobuf.description == "stored as Kubernetes protobuf, not JSON")
    }

    @Test func equalityIgnoresFormatting() throws {
        let compact = try Fixtures.pod(#"{"kind":"Pod","metadata":{"name":"a"}}"#)
        let spaced = try Fixtures.pod(#"{ "kind": "Pod", "metadata": { "name": "a" } }"#)
        #expect(compact == spaced)
        #expect(compact.storageBytes() != spaced.storageBytes())
        var later = spaced
        later.resourceVersion = 3
        #expect(later != spaced)
    }
}

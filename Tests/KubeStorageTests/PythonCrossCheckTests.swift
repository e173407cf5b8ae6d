import Foundation
import KubeAPI
import KubeStorage
import PodModel
import SwiftProtobuf
import Testing
import TestSupport

/// Values PodDeck writes decode with Google's Python runtime to exactly the intended object,
/// and fields the schema does not know survive an edit.
@Suite("PodDeck's writes read by the Python decoder")
struct PythonCrossCheckTests {
    let codec = KubeObjectCodec.shared

    /// The raw Pod message inside a stored value.
    func typedPod(_ stored: [UInt8]) throws -> K8s_Io_Api_Core_V1_Pod {
        try K8s_Io_Api_Core_V1_Pod(serializedBytes: try StorageEnvelope(parsing: stored).raw)
    }

    /// Protobuf's JSON mapping of a typed message, parsed for an order-insensitive comparison.
    func protoJSON(_ message: some SwiftProtobuf.Message) throws -> NSDictionary {
        let data = try message.jsonUTF8Data()
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func anEditDecodesInPythonToTheIntendedObjectAndKeepsUnknownFields() async throws {
        let fixtures = try await KubeProtoPython.namedFixtures()
        let original = try #require(fixtures["pod-unknown-fields"])
        let before = try await KubeProtoPython.decode(original)
        let unknownBefore = try #require(before["unknown"] as? [[String: Any]])
        #expect(unknownBefore.count == 5, "the fixture carries five fields the schema lacks")

        // The operator's edit, in the JSON form.
        var json = try codec.decode(original).json
        var containers = try #require(json[["spec", "containers"]].flatMap { if case .array(let a) = $0 { a } else { nil } })
        containers[0].set(.string("nginx:1.26"), at: ["image"])
        json.set(.array(containers), at: ["spec", "containers"])
        json.set(.string("yes"), at: ["metadata", "labels", "edited"])
        json.set(nil, at: ["metadata", "annotations"])
        json.set(.string("Succeeded"), at: ["status", "phase"])
        let written = try codec.encode(json, as: .protobuf, original: original)

        // The same edit made with the generated Swift types on the original message.
        var intended = try typedPod(original)
        intended.spec.containers[0].image = "nginx:1.26"
        intended.metadata.labels["edited"] = "yes"
        intended.metadata.annotations = [:]
        intended.status.phase = "Succeeded"

        let after = try await KubeProtoPython.decode(written)
        #expect(after["kind"] as? String == "Pod")
        #expect(after["apiVersion"] as? String == "v1")
        let object = try #require(after["object"] as? NSDictionary)
        let intendedJSON = try protoJSON(intended)
        #expect(object == intendedJSON, "python: \(object)\nintended: \(intendedJSON)")

        let unknownAfter = try #require(after["unknown"] as? [[String: Any]])
        let describe = { (list: [[String: Any]]) in list.map { "\($0["path"]!)#\($0["number"]!)" }.sorted() }
        #expect(describe(unknownAfter) == describe(unknownBefore), "unknown fields survive the edit")
        #expect(describe(unknownAfter).contains("status.containerStatuses[0]#9"))

        // Our own decoder agrees with the edit.
        #expect(try codec.decode(written).json.isEquivalent(to: json), "map keys come back sorted, as Go writes them")
    }

    @Test func removingAContainerKeepsTheOtherContainersUnknownFields() async throws {
        // Two containers, the second with an unknown field: deleting the first must not move
        // the second's unknown field onto anything else.
        let fixtures = try await KubeProtoPython.namedFixtures()
        var typed = try typedPod(try #require(fixtures["pod-basic"]))
        var second = typed.spec.containers[0]
        second.name = "sidecar"
        var extra = try second.serializedBytes() as [UInt8]
        extra += [0xB0, 0x01, 0x01]  // field 22 (varint 1): unknown to the 2019 schema
        second = try K8s_Io_Api_Core_V1_Container(serializedBytes: extra)
        typed.spec.containers.append(second)
        let stored = StorageEnvelope(apiVersion: "v1", kind: "Pod", raw: try typed.serializedBytes()).serialized()

        var json = try codec.decode(stored).json
        guard case .array(let containers)? = json[["spec", "containers"]] else { Issue.record("no containers"); return }
        json.set(.array(Array(containers.dropFirst())), at: ["spec", "containers"])
        let written = try codec.encode(json, as: .protobuf, original: stored)

        let after = try await KubeProtoPython.decode(written)
        let unknown = try #require(after["unknown"] as? [[String: Any]])
        #expect(unknown.map { "\($0["path"]!)#\($0["number"]!)" } == ["spec.containers[0]#22"])
        let object = try #require(after["object"] as? NSDictionary)
        let names = ((object["spec"] as? NSDictionary)?["containers"] as? [NSDictionary])?.compactMap { $0["name"] as? String }
        #expect(names == ["sidecar"])
    }

    @Test func aPodCreatedFromJSONDecodesInPython() async throws {
        let json = try JSONParser.parse("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"fresh","namespace":"shop","labels":{"b":"2","a":"1"},
         "creationTimestamp":"2024-05-01T10:00:00Z"},
         "spec":{"containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","sleep 1"],
           "ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":"100m"}},
           "readinessProbe":{"httpGet":{"path":"/","port":"http"},"failureThreshold":0},
           "securityContext":{"runAsUser":0,"privileged":false}}],
          "volumes":[{"name":"cfg","configMap":{"name":"settings","defaultMode":420}}],
          "terminationGracePeriodSeconds":0}}
        """)
        let written = try codec.encode(json, as: .protobuf)
        let decoded = try await KubeProtoPython.decode(written)
        let object = try #require(decoded["object"] as? NSDictionary)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data("""
        {"metadata":{"name":"fresh","namespace":"shop","labels":{"a":"1","b":"2"},
                     "creationTimestamp":{"seconds":"1714557600","nanos":0}},
         "spec":{"containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","sleep 1"],
           "ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":{"string":"100m"}}},
           "readinessProbe":{"handler":{"httpGet":{"path":"/","port":{"type":"1","intVal":0,"strVal":"http"}}},"failureThreshold":0},
           "securityContext":{"runAsUser":"0","privileged":false}}],
          "volumes":[{"name":"cfg","volumeSource":{"configMap":{"localObjectReference":{"name":"settings"},"defaultMode":420}}}],
          "terminationGracePeriodSeconds":"0"}}
        """.utf8)) as? NSDictionary)
        #expect(object == expected, "python: \(object)")
        // Read back in the apiserver's form: kind first, the explicit zero of an omitempty
        // field (failureThreshold) left out, those of pointer fields (runAsUser) kept.
        var served = json
        served.set(nil, at: ["kind"])
        served.set(nil, at: ["apiVersion"])
        guard case .array(var containers)? = served[["spec", "containers"]] else { Issue.record("no containers"); return }
        containers[0].set(nil, at: ["readinessProbe", "failureThreshold"])
        served.set(.array(containers), at: ["spec", "containers"])
        let again = try codec.decode(written).json
        #expect(again.isEquivalent(to: served.withKind("Pod")), "\(JSONWriter.pretty(again))")
        #expect(Array(again.objectKeys.prefix(2)) == ["kind", "apiVersion"])
    }
}

extension JSONValue {
    /// The object with `kind` and `apiVersion: v1` first.
    func withKind(_ kind: String) -> JSONValue {
        guard case .object(let members) = self else { return self }
        var result: JSONValue = .object(["kind": .string(kind), "apiVersion": .string("v1")])
        for (k, v) in members { result.set(v, at: [k]) }
        return result
    }

    /// Member names in order.
    var objectKeys: [String] {
        guard case .object(let members) = self else { return [] }
        return Array(members.keys)
    }
}

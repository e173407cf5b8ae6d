import Foundation
import KubeStorage
import PodModel
import Testing
import TestSupport

/// Values made by Google's Python protobuf runtime with the k8s-proto schema decode to the JSON
/// the apiserver would serve.
@Suite("protobuf fixtures from the Python encoder")
struct FixtureDecodeTests {
    let codec = KubeObjectCodec.shared

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    func decoded(_ name: String) async throws -> DecodedObject {
        let fixtures = try await KubeProtoPython.namedFixtures()
        let bytes = try #require(fixtures[name], "fixture \(name) missing")
        return try codec.decode(bytes)
    }

    @Test func podDecodesToTheApiserversJSON() async throws {
        let object = try await decoded("pod-basic")
        #expect(object.encoding == .protobuf)
        let expected = try json("""
        {"kind":"Pod","apiVersion":"v1",
         "metadata":{"name":"web","namespace":"default","uid":"0b4b6e7e-1111-4c4c-9d9d-000000000001",
                     "creationTimestamp":"2023-11-14T22:13:20Z","labels":{"app":"web","tier":"frontend"},
                     "annotations":{"note":"made by fixtures.py"}},
         "spec":{"containers":[{"name":"web","image":"nginx:1.25",
                   "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
                   "env":[{"name":"MODE","value":"production"}],
                   "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}},
                   "livenessProbe":{"httpGet":{"path":"/healthz","port":8080},"initialDelaySeconds":5,"periodSeconds":10},
                   "readinessProbe":{"tcpSocket":{"port":"http"}},
                   "terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],
                 "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                 "automountServiceAccountToken":false,"nodeName":"node-1"},
         "status":{"phase":"Running",
                   "conditions":[{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2023-11-14T22:13:30Z"}],
                   "hostIP":"192.168.1.10","podIP":"10.244.0.5","startTime":"2023-11-14T22:13:25Z",
                   "containerStatuses":[{"name":"web","state":{"running":{"startedAt":"2023-11-14T22:13:28Z"}},
                                         "ready":true,"restartCount":0,"image":"nginx:1.25","imageID":"",
                                         "containerID":"containerd://abc123"}],
                   "qosClass":"Burstable"}}
        """)
        #expect(object.json == expected, "\(JSONWriter.pretty(object.json))")
    }

    @Test func goZeroTimeIsNull() async throws {
        let object = try await decoded("pod-zero-time")
        #expect(object.json[["metadata", "creationTimestamp"]] == .null)
    }

    @Test func podWithNewerFieldsDecodesWhatTheSchemaKnows() async throws {
        let object = try await decoded("pod-unknown-fields")
        #expect(object.json[["metadata", "name"]] == .string("web-new"))
        #expect(object.json[["spec", "overhead"]] == nil)
        #expect(object.json[["status", "podIP"]] == .string("10.244.0.5"))
    }

    @Test func serviceConfigMapSecretNodeNamespaceEvent() async throws {
        let fixtures = try await KubeProtoPython.namedFixtures()
        func decode(_ name: String) throws -> JSONValue { try codec.decode(try #require(fixtures[name])).json }

        let service = try decode("service")
        #expect(service["kind"] == .string("Service"))
        #expect(service[["spec", "ports"]] == (try json(#"[{"name":"http","protocol":"TCP","port":80,"targetPort":8080}]"#)))
        #expect(service[["spec", "selector"]] == (try json(#"{"app":"web"}"#)))
        #expect(service[["spec", "clusterIP"]] == .string("10.96.0.10"))

        let configMap = try decode("configmap")
        #expect(configMap["data"] == (try json(#"{"level":"3","mode":"production"}"#)), "map keys sorted as Go writes them")
        #expect(configMap["binaryData"] == (try json(#"{"blob":"AAH+/w=="}"#)))

        let secret = try decode("secret")
        #expect(secret["data"] == (try json(#"{"password":"czNjcjN0AP8="}"#)))
        #expect(secret["type"] == .string("Opaque"))

        let node = try decode("node")
        #expect(node[["status", "capacity"]] == (try json(#"{"cpu":"4","memory":"8Gi"}"#)))
        #expect(node[["status", "daemonEndpoints", "kubeletEndpoint", "Port"]] == .number("10250"))
        #expect(node[["status", "nodeInfo", "kubeletVersion"]] == .string("v1.14.0"))
        #expect(node[["status", "nodeInfo", "bootID"]] == nil, "absent fields stay absent")

        let namespace = try decode("namespace")
        #expect(namespace == (try json("""
        {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","creationTimestamp":"2023-11-14T22:13:20Z"},
         "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
        """)))

        let event = try decode("event")
        #expect(event["eventTime"] == .string("2023-11-14T22:13:23.123456Z"), "MicroTime keeps microseconds")
        #expect(event["count"] == .number("3"))
        #expect(event["reportingComponent"] == .string(""), "a field without omitempty keeps its empty value")
        #expect(event["firstTimestamp"] == .string("2023-11-14T22:13:21Z"))
    }

    @Test func everyFixtureIsRewrittenAsItselfWhenUnchanged() async throws {
        for (name, bytes) in try await KubeProtoPython.namedFixtures() {
            let object = try codec.decode(bytes)
            #expect(try codec.encode(object.json, as: .protobuf, original: bytes) == bytes, "\(name)")
        }
    }
}

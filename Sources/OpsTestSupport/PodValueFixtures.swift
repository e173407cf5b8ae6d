import Foundation
import KubeStorage
import Ops
import PodModel
import TestSupport

/// Stored pod values for the tests of everything that reads them (the row decoder, `get`
/// listings, the dashboard's sync): seeded pods in both encodings, hostile and odd JSON, every
/// status shape kubectl's columns know, and byte-level mutations of them.
public enum PodValueFixtures {
    /// Hand-made values: hostile strings, odd but valid JSON, and values that are not pods.
    public static let oddJSON: [String] = [
        #"{"metadata":{"name":"a\u001b[31mred","namespace":"n\u0085x","labels":{"k":"v\u009b2J","e\u00e9":"\u2028"}},"spec":{"containers":[{"name":"c","image":"img\u0007:1"}],"nodeName":"n\u0000ode"},"status":{"phase":"Running","podIP":"1.2.3.4\n"}}"#,
        #"{"metadata":{"name":"é日本","labels":{"ключ":"значение","emoji":"👍🏽"}},"spec":{"containers":[{"name":"c","image":"ä:1"}]},"status":{"reason":"Ünknown"}}"#,
        "{\"metadata\":{\"name\":\"a\u{7F}b\u{85}c\"},\"spec\":{\"containers\":[{\"image\":\"x\u{9B}y\"}]}}",
        #"{"kind":"Pod","kind":"Pod","metadata":{}}"#,
        #"{"kind":"Pod","metadata":{"name":"a","name":"b"}}"#,
        #"{"metadata":{"labels":{"a":"1","a":"2","b":"3"}}}"#,
        #"{"kind":"Service","metadata":{"name":"x"}}"#,
        #"{"kind":5}"#,
        #"{"metadata":"just a string","spec":[1,2],"status":null}"#,
        #"{"spec":{"containers":[1,"two",null,{"name":"c"},[{"image":"x"}]],"initContainers":{"a":1}}}"#,
        #"{"spec":{"initContainers":[{"name":"s","restartPolicy":"Always"}],"containers":[{"name":"c"}]},"status":{"initContainerStatuses":[{"name":"s","started":true,"ready":true,"restartCount":3e0}],"containerStatuses":[{"name":"c","restartCount":-0,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"finishedAt":"2026-01-01T00:00:00Z"}}}],"conditions":[{"type":"Initialized","status":"True"},{"type":"PodScheduled","reason":"SchedulingGated"}]}}"#,
        #"{"metadata":{"deletionTimestamp":null,"creationTimestamp":"2026-01-01T00:00:00.5+02:00"},"status":{"phase":"Failed"}}"#,
        #"{"metadata":{"deletionTimestamp":{"odd":true}},"status":{"reason":"NodeLost"}}"#,
        #"{"status":{"containerStatuses":[{"name":"c","restartCount":1.5,"state":{"terminated":{"exitCode":1,"signal":9}}}]}}"#,
        #"{"status":{"containerStatuses":[{"restartCount":99999999999999999999999}]}}"#,
        #"{"metadata":{"name":"a\"b\\c\/d\b\f\n\r\t\ud83d\ude00\ud800x\udc00"}}"#,
        #"{"m\u0065tadata":{"name":"escaped member name"}}"#,
        #"{"metadata":{"resourceVersion":"17","name":"rv"},"metadata2":1}"#,
        "  {\"metadata\":{\"name\":\"spaces\"}}  \n",
        "{\"metadata\" : { \"name\" : \"spaced\" } , \"spec\" : { \"containers\" : [ { \"image\" : \"x\" } ] } }",
        #"{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"metadata":{"name":"deep"}}"#,
        #"{"x":01}"#, #"{"x":1.}"#, #"{"x":.5}"#, #"{"x":1e}"#, #"{"x":-}"#, #"{"x":+1}"#, #"{"x":1E+2}"#,
        #"{"x":tru}"#, #"{"x":nul}"#, #"{"x":"\x"}"#, #"{"x":"\u12G4"}"#, #"{"x":"a"#, #"{"x":1,}"#, #"{"x":1}}"#,
        #"{"x":1} {"y":2}"#, #"{"x" 1}"#, #"{,}"#, "{", "", "   ", "[]", "null", "\"pod\"",
        "{\"x\":\"tab\there\"}", "{\"x\":\"nul\u{0}\"}", "{\"x\":1}\u{0}",
    ]

    /// Bytes that are not well-formed UTF-8.
    public static let badUTF8: [[UInt8]] = [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0xC3]]

    /// Values with bad UTF-8 inside a read string, inside a skipped string and outside strings.
    public static var badUTF8JSON: [[UInt8]] {
        let around: [(String, String)] = [
            (#"{"metadata":{"name":"a"#, #""}}"#), (#"{"metadata":{"labels":{"k":"a"#, #""}}}"#),
            (#"{"status":{"phase":"a"#, #""}}"#), (#"{"spec":{"volumes":[""#, #""]}}"#), ("{", ":1}"),
        ]
        var values: [[UInt8]] = []
        for bytes in badUTF8 {
            for (head, tail) in around {
                var value: [UInt8] = Array(head.utf8)
                value += bytes
                value += Array(tail.utf8)
                values.append(value)
            }
        }
        return values
    }

    /// A JSON string literal of `text` with every control character and non-ASCII scalar escaped.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F):
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Pods whose displayed strings are hostile (escape sequences, C0 and C1 controls, U+202E,
    /// 10 KB strings, raw bytes that are not UTF-8), as the hostile-data drill stores them.
    public static var hostileJSON: [[UInt8]] {
        func pod(name: String, label: String, image: String, message: String, raw: [UInt8] = []) -> [UInt8] {
            let head = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":\(jsonString(name)),"namespace":"hostile",
                 "labels":{"app":\(jsonString(label)),\(jsonString(label + "-key")):"v"},"annotations":{"note":"x"}},
                 "spec":{"containers":[{"name":\(jsonString(name)),"image":\(jsonString(image))}],"nodeName":\(jsonString(message))},
                 "status":{"phase":"Pending","reason":\(jsonString(message)),"containerStatuses":[{"name":"app","ready":false,"restartCount":0,
                   "state":{"waiting":{"reason":\(jsonString(message)),"message":\(jsonString(message))}}}],"message":"
                """
            return Array(head.utf8) + raw + Array("\"}}".utf8)
        }
        let (clear, title, dcs, controls) = (HostileText.clear, HostileText.title, HostileText.dcs, HostileText.controls)
        let (rlo, long) = (HostileText.rightToLeft, HostileText.long)
        return [
            pod(name: clear, label: title, image: dcs, message: controls),
            pod(name: rlo, label: "\u{202e}evil", image: "a\u{202e}b:1", message: rlo),
            pod(name: "long" + long, label: long, image: "x/" + long, message: long),
            pod(name: "bad-utf8", label: "ok", image: "busybox:1", message: "\u{1b}[31mred",
                raw: HostileText.notUTF8),
            pod(name: "raw-ok", label: "日本", image: "ä:1", message: "é 👍🏽", raw: Array("é 👍🏽 \u{202e}".utf8)),
        ]
    }

    /// Pods in every status shape kubectl's READY, STATUS and RESTARTS columns tell apart: init
    /// containers waiting, failing, done; sidecars; app containers waiting, terminated (reason,
    /// exit code, signal), running ready or not; completed with running containers; deletion
    /// (with each phase, NodeLost); scheduling gates; restart times; counts near the limits.
    public static var statusShapes: [JSONValue] {
        let initShapes: [JSONValue] = [
            ["waiting": ["reason": "PodInitializing"]], ["waiting": ["reason": "ImagePullBackOff"]], ["waiting": [:]],
            ["terminated": ["exitCode": 0, "reason": "Completed"]], ["terminated": ["exitCode": 1]],
            ["terminated": ["exitCode": 2, "reason": "Error"]], ["terminated": ["exitCode": 0, "signal": 9]],
            ["terminated": ["exitCode": 137, "signal": 9]], ["running": [:]], [:],
        ]
        let appShapes: [JSONValue] = [
            ["waiting": ["reason": "CrashLoopBackOff"]], ["waiting": ["reason": "ContainerCreating"]],
            ["terminated": ["exitCode": 0, "reason": "Completed"]], ["terminated": ["exitCode": 3]],
            ["terminated": ["exitCode": 0, "signal": 15]], ["terminated": ["exitCode": 1, "reason": "OOMKilled"]],
            ["running": ["startedAt": "2026-01-01T00:00:00Z"]], [:],
        ]
        var pods: [JSONValue] = []
        var n = 0
        func finished(_ i: Int) -> JSONValue { .string("2026-0\(1 + i % 9)-1\(i % 10)T0\(i % 10):00:00Z") }
        for (i, initShape) in initShapes.enumerated() {
            for sidecar in [false, true] {
                n += 1
                var initContainer: JSONValue = ["name": "init", "image": "busybox:1"]
                if sidecar { initContainer.set("Always", at: ["restartPolicy"]) }
                var initStatus: JSONValue = ["name": "init", "state": initShape, "ready": .bool(i % 2 == 0),
                                             "restartCount": .int(i), "lastState": ["terminated": ["exitCode": 1, "finishedAt": finished(i)]]]
                if sidecar { initStatus.set(.bool(i % 3 != 0), at: ["started"]) }
                let initialized: JSONValue = i >= initShapes.count - 2 ? ["type": "Initialized", "status": "True"] : ["type": "Initialized", "status": "False"]
                pods.append([
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": ["name": .string("init-\(n)"), "namespace": "shapes", "creationTimestamp": "2026-01-01T00:00:00Z"],
                    "spec": ["initContainers": [initContainer, ["name": "second", "image": "busybox:1"]],
                             "containers": [["name": "app", "image": "nginx:1", "imagePullPolicy": "Always"]]],
                    "status": ["phase": "Pending", "conditions": [initialized],
                               "initContainerStatuses": [initStatus, ["name": "second", "state": ["waiting": ["reason": "PodInitializing"]]]],
                               "containerStatuses": [["name": "app", "state": ["waiting": ["reason": "PodInitializing"]], "ready": false,
                                                      "restartCount": 0]]],
                ])
            }
        }
        for (i, first) in appShapes.enumerated() {
            for (j, second) in appShapes.enumerated() where (i + j) % 2 == 0 {
                for phase in ["Running", "Succeeded", "Failed", "Pending", ""] {
                    n += 1
                    var metadata: JSONValue = ["name": .string("app-\(n)"), "namespace": "shapes", "labels": ["n": .string(String(n))],
                                               "creationTimestamp": .string("2025-1\(n % 3)-0\(1 + n % 9)T12:34:56Z")]
                    if n % 4 == 0 { metadata.set("2026-01-02T00:00:00Z", at: ["deletionTimestamp"]) }
                    var status: JSONValue = [
                        "containerStatuses": [
                            ["name": "a", "state": first, "ready": .bool(n % 2 == 0), "restartCount": .int(n % 5),
                             "lastState": ["terminated": ["exitCode": 1, "finishedAt": finished(n)]]],
                            ["name": "b", "state": second, "ready": .bool(n % 3 == 0), "restartCount": .int(n % 7)],
                        ],
                        "conditions": [["type": "Ready", "status": n % 2 == 0 ? "True" : "False"],
                                       ["type": "PodScheduled", "status": "False", "reason": n % 11 == 0 ? "SchedulingGated" : "Unschedulable"]],
                        "podIP": n % 6 == 0 ? "" : .string("10.0.0.\(n % 250)"), "qosClass": n % 5 == 0 ? "" : "Burstable",
                    ]
                    if !phase.isEmpty { status.set(.string(phase), at: ["phase"]) }
                    if n % 13 == 0 { status.set("NodeLost", at: ["reason"]) }
                    if n % 17 == 0 { status.set("Evicted", at: ["reason"]) }
                    pods.append([
                        "apiVersion": "v1", "kind": "Pod", "metadata": metadata,
                        "spec": ["containers": [["name": "a", "image": "nginx:1"], ["name": "b", "image": "", "imagePullPolicy": ""]],
                                 "nodeName": n % 7 == 0 ? "" : "node-1"],
                        "status": status,
                    ])
                }
            }
        }
        // A scheduling gate with nothing else reported.
        pods.append(["kind": "Pod", "metadata": ["name": "gated", "namespace": "shapes"],
                     "spec": ["containers": [["name": "a", "image": "nginx:1"]]],
                     "status": ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "False", "reason": "SchedulingGated"]]]])
        // Completed beside a running container: Running with a Ready condition, NotReady without.
        for ready in [true, false] {
            pods.append(["kind": "Pod", "metadata": ["name": .string("completed-\(ready)"), "namespace": "shapes"],
                         "spec": ["containers": [["name": "a", "image": "nginx:1"], ["name": "b", "image": "nginx:1"]]],
                         "status": ["phase": "Running", "conditions": [["type": "Ready", "status": ready ? "True" : "False"]],
                                    "containerStatuses": [["name": "a", "ready": false, "restartCount": 0,
                                                           "state": ["terminated": ["exitCode": 0, "reason": "Completed"]]],
                                                          ["name": "b", "ready": true, "restartCount": 2, "state": ["running": [:]]]]]])
        }
        // Counts near the limits (Go's int32 in protobuf; any integer literal in JSON).
        pods.append(["kind": "Pod", "metadata": ["name": "big", "namespace": "shapes"],
                     "status": ["containerStatuses": [["name": "a", "restartCount": .int(Int32.max), "state": ["terminated": ["exitCode": .int(Int32.min)]]],
                                                      ["name": "b", "restartCount": .int(Int32.max)]]]])
        return pods
    }

    /// Pods in the shapes the probe planner tells apart: every handler (HTTP with named, numeric
    /// and unknown ports, hosts, schemes and headers; TCP; exec; gRPC; none; several; not an
    /// object), timing Kubernetes rejects, null probes, sidecars and plain init containers with
    /// probes, container statuses running (with and without a container id), waiting,
    /// terminated (with and without an exit code), missing or repeated, and pods with and
    /// without an IP or uid.
    public static var probeShapes: [JSONValue] {
        let probes: [JSONValue] = [
            ["httpGet": ["path": "/healthz", "port": "http"], "periodSeconds": 5, "timeoutSeconds": 2],
            ["httpGet": ["port": 8080, "host": "127.0.0.1", "scheme": "HTTPS",
                         "httpHeaders": [["name": "X-A", "value": "b"], ["name": "Y"], "bad"]]],
            ["httpGet": ["port": "nope", "path": "no-slash"]], ["httpGet": ["port": "8081", "scheme": "gopher"]],
            ["httpGet": ["port": 70000]], ["httpGet": ["port": .number("1.5")]], ["httpGet": ["port": "http", "host": ""]],
            ["tcpSocket": ["port": "metrics"]], ["tcpSocket": ["port": 5432, "host": "db.local"]], ["tcpSocket": [:]],
            ["exec": ["command": ["cat", "/tmp/ok"]]], ["exec": ["command": []]], ["exec": "x"], ["exec": .null],
            ["grpc": ["port": 9090, "service": "h"]], ["grpc": ["port": "x"]],
            [:], ["httpGet": ["port": 80], "tcpSocket": ["port": 81]], ["exec": ["command": ["true"]], "httpGet": .null],
            ["httpGet": ["port": 80], "periodSeconds": -1], ["tcpSocket": ["port": 80], "successThreshold": 2],
            ["httpGet": ["port": 80], "initialDelaySeconds": 3, "failureThreshold": 0, "terminationGracePeriodSeconds": 30,
             "timeoutSeconds": "1"],
            "a string", 7, [], .null,
        ]
        let ports: JSONValue = [["name": "http", "containerPort": 8080], ["name": "metrics", "containerPort": 9100, "protocol": "TCP"],
                                ["containerPort": 1], ["name": "http", "containerPort": 8081]]
        let states: [JSONValue?] = [
            ["running": ["startedAt": "2026-01-01T00:00:00Z"]], ["running": [:]], ["waiting": ["reason": "CrashLoopBackOff"]],
            ["waiting": [:]], ["terminated": ["exitCode": 1, "reason": "Error"]], ["terminated": ["exitCode": 0]],
            ["terminated": [:]], ["waiting": .null, "running": [:]], "bad", nil,
        ]
        let ids: [JSONValue?] = ["docker://0123abcd", "containerd://", "plain", 5, nil]
        var pods: [JSONValue] = []
        for (i, probe) in probes.enumerated() {
            for variant in 0..<4 {
                let n = i * 4 + variant
                // Entries that are not objects (JSON only: protobuf cannot hold them) in one variant.
                let appPorts: JSONValue = variant == 3 ? .array((ports.arrayValue ?? []) + ["bad"]) : ports
                var app: JSONValue = ["name": "app", "image": "nginx:1", "ports": appPorts, "livenessProbe": probe,
                                      "readinessProbe": probes[(i + 3 + variant) % probes.count]]
                if variant == 1 { app.set(probes[(i + 7) % probes.count], at: ["startupProbe"]) }
                if variant == 2 { app.set(.null, at: ["startupProbe"]) }
                let sidecar: JSONValue = ["name": "side", "restartPolicy": "Always", "ports": [["name": "s", "containerPort": 7000]],
                                          "startupProbe": ["tcpSocket": ["port": "s"]], "livenessProbe": probe]
                let plainInit: JSONValue = ["name": "setup", "livenessProbe": ["exec": ["command": ["x"]]]]
                var spec: JSONValue = ["containers": variant == 3 ? [app, ["name": "quiet", "image": "q"], app] : [app]]
                if variant != 0 { spec.set([plainInit, sidecar], at: ["initContainers"]) }
                func statusEntry(_ name: String, _ k: Int) -> JSONValue {
                    var status: JSONValue = ["name": .string(name), "ready": true, "restartCount": 0]
                    if let state = states[k % states.count] { status.set(variant == 3 || state.objectValue != nil ? state : [:], at: ["state"]) }
                    if let id = ids[k % ids.count] { status.set(variant == 3 || id.stringValue != nil ? id : "cri-o://ee", at: ["containerID"]) }
                    return status
                }
                var status: JSONValue = ["phase": "Running"]
                switch variant {
                case 0: status.set("10.244.1.2", at: ["podIP"])
                case 1: status.set("", at: ["podIP"])
                case 2: status.set("fd00::1", at: ["podIP"])
                default: break
                }
                if n % 5 != 4 {
                    let others: [JSONValue] = variant == 3 ? ["x"] : []
                    status.set(.array([statusEntry("other", n + 1)] + others + [statusEntry("app", n), statusEntry("app", n + 2)]),
                               at: ["containerStatuses"])
                    status.set([statusEntry("setup", n), statusEntry("side", n + 3)], at: ["initContainerStatuses"])
                }
                var metadata: JSONValue = ["name": .string("probes-\(n)"), "namespace": "probes"]
                if n % 3 != 0 { metadata.set(.string("uid-\(n)"), at: ["uid"]) }
                pods.append(["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status])
            }
        }
        return pods
    }

    /// The `index`-th value of `original` changed at one byte (replaced, removed, or a byte
    /// inserted) by a fixed generator: `state` carries it between calls.
    public static func mutated(_ original: [UInt8], replacements: [UInt8], state: inout UInt64) -> (bytes: [UInt8], position: Int) {
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var bytes = original
        let position = next() % bytes.count
        switch next() % 3 {
        case 0: bytes[position] = replacements[next() % replacements.count]
        case 1: bytes.remove(at: position)
        default: bytes.insert(replacements[next() % replacements.count], at: position)
        }
        return (bytes, position)
    }

    /// A pod document stored as Kubernetes protobuf (`kind` and `apiVersion` added when
    /// missing; members the 2019 schema lacks dropped, as `poddeck seed` stores them).
    public static func protobuf(_ json: JSONValue) throws -> [UInt8] {
        var typed = json
        if typed["kind"] == nil { typed.set("Pod", at: ["kind"]) }
        if typed["apiVersion"] == nil { typed.set("v1", at: ["apiVersion"]) }
        return try KubeObjectCodec.shared.encode(typed, as: .protobuf, dropUnknownFields: true)
    }
}

import Etcd
import Foundation
import KubeStorage
@testable import Ops
import OpsTestSupport
import PodModel
import Testing

/// Rows read straight from stored values are the rows of a full decode, in both encodings, and
/// every value the readers are not sure of goes to the full decoder.
@Suite("row decoder")
struct PodRowDecoderTests {
    static let prefix = "/registry"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func kv(_ key: String, _ value: [UInt8], revision: Int64 = 42) -> KeyValue {
        KeyValue(key: Array("/registry/pods/\(key)".utf8), value: value, createRevision: 7, modRevision: revision, version: 1)
    }

    /// The fast path agrees with the full decoder on `kv`: the same summary when it answers, the
    /// same row (or unreadable entry), the same probes. Returns whether the fast path answered.
    @discardableResult
    static func expectSame(_ kv: KeyValue, _ comment: @autoclosure () -> String,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let full = PodStore.decode(kv, prefix: prefix)
        let fast = PodRowDecoder.summary(of: kv.value)
        func describe() -> String { "\(comment()): \(String(decoding: kv.value.prefix(200), as: UTF8.self))" }
        if let fast, PodKey(etcdKey: kv.keyString, prefix: prefix) != nil {
            switch full {
            case .success(let record):
                #expect(fast.summary == PodSummary(pod: record.pod), "\(describe())", sourceLocation: sourceLocation)
                #expect(fast.encoding == record.encoding, "\(describe())", sourceLocation: sourceLocation)
            case .failure(let entry):
                Issue.record("the fast path read a value the full decoder refuses (\(entry.reason)): \(describe())",
                             sourceLocation: sourceLocation)
            }
        }
        #expect(PodRowDecoder.row(kv, prefix: prefix) == full.map(PodRow.init), "\(describe())", sourceLocation: sourceLocation)
        if let withFacts = PodRowDecoder.summaryAndProbes(of: kv.value), let key = PodKey(etcdKey: kv.keyString, prefix: prefix) {
            switch full {
            case .success(let record):
                #expect(withFacts.summary == PodSummary(pod: record.pod), "\(describe())", sourceLocation: sourceLocation)
                #expect(withFacts.encoding == record.encoding, "\(describe())", sourceLocation: sourceLocation)
                #expect(Self.planned(withFacts.probes) == Self.planned(PodProbeFacts(pod: record.pod)), "\(describe())",
                        sourceLocation: sourceLocation)
                for options in probeOptions {
                    #expect(ProbePlanner.probes(of: withFacts.probes, key: key, options: options) == ProbePlanner.probes(of: record, options: options),
                            "\(describe())", sourceLocation: sourceLocation)
                }
            case .failure(let entry):
                Issue.record("the fast path read facts of a value the full decoder refuses (\(entry.reason)): \(describe())",
                             sourceLocation: sourceLocation)
            }
        }
        for options in probeOptions {
            let withProbes = PodRowDecoder.rowAndProbes(kv, prefix: prefix, options: options)
            switch (withProbes, full) {
            case (.success(let got), .success(let record)):
                #expect(got.row == PodRow(record), "\(describe())", sourceLocation: sourceLocation)
                #expect(got.probes == ProbePlanner.probes(of: record, options: options), "\(describe())", sourceLocation: sourceLocation)
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(describe())", sourceLocation: sourceLocation)
            default:
                Issue.record("rowAndProbes and the full decoder disagree: \(describe())", sourceLocation: sourceLocation)
            }
        }
        return fast != nil
    }

    /// Probe settings the comparisons plan with: the defaults, and every override with exec
    /// probes on and hosts beyond the pod IP allowed.
    static let probeOptions = [
        ProbePlanOptions(),
        ProbePlanOptions(periodOverride: .seconds(2), timeoutOverride: .milliseconds(500), execProbes: true,
                         reach: ProbeReach(allowHosts: ["127.0.0.0/8", "10.0.0.0/8", "db.local"])),
    ]

    /// The facts as far as the planner reads them (a container's image, command and args are
    /// not read from stored values).
    static func planned(_ facts: PodProbeFacts) -> PodProbeFacts {
        var facts = facts
        func reduced(_ container: ContainerSpec) -> ContainerSpec {
            var container = container
            container.image = nil
            container.imagePullPolicy = nil
            container.command = []
            container.args = []
            return container
        }
        facts.containers = facts.containers.map(reduced)
        facts.initContainers = facts.initContainers.map(reduced)
        return facts
    }

    // MARK: Seeded pods

    @Test(arguments: [UInt64(1), 7, 99])
    func seededPodsTakeTheFastPathInBothEncodings(seed: UInt64) throws {
        let factory = SeedPodFactory(namespaces: 5, seed: seed)
        for index in 0..<300 {
            let (key, json) = factory.pod(index, now: Self.now)
            let name = "\(key.namespace)/\(key.name)"
            #expect(Self.expectSame(Self.kv(name, JSONWriter.compact(json), revision: Int64(100 + index)), "JSON seed \(seed) pod \(index)"),
                    "a seeded JSON pod is read by the fast path")
            let protobuf = try PodValueFixtures.protobuf(json)
            #expect(Self.expectSame(Self.kv(name, protobuf, revision: Int64(100 + index)), "protobuf seed \(seed) pod \(index)"),
                    "a seeded protobuf pod is read by the fast path")
            let facts = PodRowDecoder.summaryAndProbes(of: JSONWriter.compact(json))
            #expect(facts != nil, "a seeded JSON pod's probes are read by the fast path")
            #expect(facts?.summary.declaresProbes == true, "seeded pods declare probes")
            #expect(PodRowDecoder.summaryAndProbes(of: protobuf) != nil, "a seeded protobuf pod's probes are read by the fast path")
        }
    }

    @Test func seededPodsWithProbeTargetsPlanTheSameProbes() throws {
        let factory = SeedPodFactory(probeTargets: .init(healthyPort: 9001, failingPort: 9002, slowPort: 9003), namespaces: 3, seed: 5)
        for index in 0..<100 {
            let (key, json) = factory.pod(index, now: Self.now)
            Self.expectSame(Self.kv("\(key.namespace)/\(key.name)", JSONWriter.compact(json)), "JSON pod \(index)")
            Self.expectSame(Self.kv("\(key.namespace)/\(key.name)", try PodValueFixtures.protobuf(json)), "protobuf pod \(index)")
        }
    }

    // MARK: Status shapes, hostile and odd values

    @Test func everyProbeShapePlansTheFullDecodersProbesInBothEncodings() throws {
        let shapes = PodValueFixtures.probeShapes
        var protobufShapes = 0, planned = 0
        for (i, json) in shapes.enumerated() {
            let key = "probes/\(json[["metadata", "name"]]?.stringValue ?? "x")"
            let value = JSONWriter.compact(json)
            Self.expectSame(Self.kv(key, value), "JSON probe shape \(i)")
            let facts = PodRowDecoder.summaryAndProbes(of: value)
            #expect(facts != nil, "probe shape \(i) takes the JSON fast path")
            if let facts, let podKey = PodKey(etcdKey: "/registry/pods/\(key)", prefix: Self.prefix) {
                planned += ProbePlanner.probes(of: facts.probes, key: podKey, options: Self.probeOptions[1]).count
            }
            // Shapes the schema cannot hold (a probe that is not an object) have no protobuf form.
            guard let protobuf = try? PodValueFixtures.protobuf(json) else { continue }
            protobufShapes += 1
            Self.expectSame(Self.kv(key, protobuf), "protobuf probe shape \(i)")
            #expect(PodRowDecoder.summaryAndProbes(of: protobuf) != nil, "probe shape \(i) takes the protobuf fast path")
        }
        #expect(protobufShapes > shapes.count / 4)
        #expect(planned > shapes.count * 2)
    }

    @Test func everyStatusShapeGivesTheFullDecodersRowInBothEncodings() throws {
        let shapes = PodValueFixtures.statusShapes
        #expect(shapes.count > 100)
        var statuses = Set<String>()
        for (i, json) in shapes.enumerated() {
            let key = "shapes/\(json[["metadata", "name"]]?.stringValue ?? "x")"
            #expect(Self.expectSame(Self.kv(key, JSONWriter.compact(json)), "JSON shape \(i)"), "shape \(i) takes the JSON fast path")
            #expect(Self.expectSame(Self.kv(key, try PodValueFixtures.protobuf(json)), "protobuf shape \(i)"),
                    "shape \(i) takes the protobuf fast path")
            if case .success(let row) = PodRowDecoder.row(Self.kv(key, JSONWriter.compact(json)), prefix: Self.prefix) {
                statuses.insert(row.status)
            }
        }
        // The shapes reach every branch of kubectl's STATUS column.
        for expected in ["Init:ImagePullBackOff", "Init:ExitCode:1", "Init:Error", "Init:Signal:9", "Init:0/2", "Init:1/2",
                         "CrashLoopBackOff", "ContainerCreating", "Completed", "ExitCode:3", "Signal:15", "OOMKilled", "Running",
                         "NotReady", "Terminating", "Unknown", "SchedulingGated", "Pending", "Failed", "Succeeded"] {
            #expect(statuses.contains(expected), "no shape shows \(expected): \(statuses.sorted())")
        }
    }

    @Test func hostileValuesGiveTheFullDecodersAnswer() {
        for (i, value) in PodValueFixtures.hostileJSON.enumerated() {
            Self.expectSame(Self.kv("hostile/h\(i)", value), "hostile value \(i)")
        }
        #expect(Self.expectSame(Self.kv("hostile/h0", PodValueFixtures.hostileJSON[0]), "escapes"), "escaped strings are read by the fast path")
        #expect(Self.expectSame(Self.kv("hostile/h2", PodValueFixtures.hostileJSON[2]), "long strings"), "10 KB strings are read by the fast path")
    }

    @Test func oddValuesGiveTheFullDecodersAnswer() {
        for (i, text) in PodValueFixtures.oddJSON.enumerated() {
            Self.expectSame(Self.kv("ns/odd-\(i)", Array(text.utf8)), "odd value \(i)")
        }
        for (i, value) in PodValueFixtures.badUTF8JSON.enumerated() {
            #expect(!Self.expectSame(Self.kv("ns/bad-utf8", value), "bad UTF-8 \(i)"), "bad UTF-8 goes to the full decoder")
        }
        // Keys that are not pod keys, and values in other forms.
        Self.expectSame(KeyValue(key: Array("/registry/pods/only-one".utf8), value: Array(#"{"metadata":{}}"#.utf8),
                                 createRevision: 1, modRevision: 2, version: 1), "key without a namespace")
        Self.expectSame(Self.kv("ns/enc", Array("k8s:enc:aescbc:v1:key1:xxxx".utf8)), "encrypted value")
        Self.expectSame(Self.kv("ns/pb", [0x6B, 0x38, 0x73, 0x00, 0x0A, 0x00]), "protobuf envelope without raw")
        Self.expectSame(Self.kv("ns/k8s", Array("k8s".utf8)), "k8s alone")
        Self.expectSame(Self.kv("ns/empty", []), "empty value")
    }

    /// A restart count near `Int.max` adds up without trapping, in both decoders.
    @Test func hugeRestartCountsWrap() {
        let text = #"{"status":{"containerStatuses":[{"restartCount":9223372036854775807},{"restartCount":9223372036854775807}]}}"#
        #expect(Self.expectSame(Self.kv("ns/huge", Array(text.utf8)), "huge restart counts"))
        guard case .success(let row) = PodRowDecoder.row(Self.kv("ns/huge", Array(text.utf8)), prefix: Self.prefix) else {
            Issue.record("not read")
            return
        }
        #expect(row.restarts == -2)
    }

    // MARK: Values the readers refuse

    /// Readable values the readers do not follow: they answer nil, and the row is the full
    /// decoder's.
    @Test func unsureValuesGoToTheFullDecoder() throws {
        let json: [String] = [
            #"{"m\u0065tadata":{"name":"escaped member name"}}"#,
            #"{"metadata":{"labels":{"a":"1","a":"2"}}}"#,
            #"{"metadata":{"labels":{"é":"1","é":"2"}}}"#,  // equal as Swift compares strings
            #"{"metadata":{"labels":{"a":1}}}"#,
            #"{"metadata":{},"metadata":{}}"#,
            #"{"status":{"phase":"Running","phase":"Failed"}}"#,
            #"{"spec":{"containers":[{"image":"a","image":"b"}]}}"#,
            #"{"status":{"containerStatuses":[{"state":{"running":{},"running":null}}]}}"#,
            #"{"kind":"P\u006fd"}"#, #"{"kind":"Pod","kind":"Pod"}"#, #"{"kind":null}"#,
            "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
            "{\"metadata\":{\"name\":\"tab\there\"}}",
        ]
        for text in json {
            #expect(PodRowDecoder.summary(of: Array(text.utf8)) == nil, "\(text)")
            Self.expectSame(Self.kv("ns/unsure", Array(text.utf8)), text)
        }
        // Protobuf: a singular message written twice (merged by the decoder), a label key written
        // twice, another kind or apiVersion, an envelope field of the wrong wire type.
        let pod = try PodValueFixtures.protobuf(["metadata": ["name": "p", "labels": ["a": "1"]], "spec": ["containers": [["name": "c"]]]])
        let envelope = try StorageEnvelope(parsing: pod)
        func stored(_ raw: [UInt8], kind: String = "Pod", apiVersion: String = "v1") -> [UInt8] {
            StorageEnvelope(apiVersion: apiVersion, kind: kind, raw: raw).serialized()
        }
        let metadata = try #require(Self.firstField(1, in: envelope.raw))
        let labelEntry: [UInt8] = [0x5A, 0x06, 0x0A, 0x01, 0x61, 0x12, 0x01, 0x32]  // labels {a: 2}
        let twiceLabelled = Self.field(1, Array(envelope.raw[metadata]) + labelEntry) + Array(envelope.raw[metadata.upperBound...])
        let protobuf: [(String, [UInt8])] = [
            ("metadata twice", stored(envelope.raw + Self.field(1, Array(envelope.raw[metadata])))),
            ("label twice", stored(twiceLabelled)),
            ("kind", stored(envelope.raw, kind: "Service")),
            ("apiVersion", stored(envelope.raw, apiVersion: "v2")),
            ("no kind", stored(envelope.raw, kind: "")),
            ("contentType as varint", stored(envelope.raw) + [0x20, 0x01]),
        ]
        for (what, value) in protobuf {
            #expect(PodRowDecoder.summary(of: value) == nil, "\(what)")
            Self.expectSame(Self.kv("ns/unsure", value), what)
        }
        #expect(Self.expectSame(Self.kv("ns/plain", pod), "the unchanged pod"))
    }

    /// Protobuf the full decoder refuses: wrong wire types at every level, a time it cannot
    /// write, non-finite numbers, truncation; the fast path answers nil for each.
    @Test func malformedProtobufIsUnreadableWithTheFullDecodersReason() throws {
        let base: JSONValue = [
            "metadata": ["name": "p", "namespace": "n", "labels": ["a": "1"], "creationTimestamp": "2026-01-01T00:00:00Z"],
            "spec": ["containers": [["name": "c", "image": "i", "livenessProbe": ["httpGet": ["port": 80]]]], "nodeName": "x"],
            "status": ["phase": "Running", "containerStatuses": [["name": "c", "ready": true, "restartCount": 1,
                                                                  "state": ["terminated": ["exitCode": 1, "finishedAt": "2026-01-01T00:00:00Z"]]]]],
        ]
        let pod = try PodValueFixtures.protobuf(base)
        let raw = try StorageEnvelope(parsing: pod).raw
        var cases: [(String, [UInt8])] = []
        // Each top-level field as a varint instead of a message.
        for number in 1...3 { cases.append(("field \(number) as varint", raw + [UInt8(number << 3), 0x01])) }
        // metadata.name as fixed32, creationTimestamp.seconds far past year 9999.
        cases.append(("name as fixed32", raw + Self.field(1, [0x0D, 1, 2, 3, 4])))
        let farFuture = Self.field(8, [0x08] + Self.varint(UInt64(bitPattern: 400_000_000_000)))
        cases.append(("time past 9999", raw + Self.field(1, farFuture)))
        // A container port's containerPort (int32) as length-delimited: wrong wire type deep down.
        let port: [UInt8] = Self.field(6, Self.field(3, [0x41]))
        cases.append(("port deep down", raw + Self.field(2, Self.field(2, [0x0A, 0x01, 0x64] + port))))
        // Truncated at every byte.
        for cut in stride(from: 5, to: pod.count - 4, by: 7) { cases.append(("cut at \(cut)", Array(pod.prefix(cut)))) }
        for (what, value) in cases {
            let stored = what.hasPrefix("cut") ? value : StorageEnvelope(apiVersion: "v1", kind: "Pod", raw: value).serialized()
            guard case .failure = PodStore.decode(Self.kv("ns/bad", stored), prefix: Self.prefix) else {
                Issue.record("\(what): the full decoder reads it; the case is wrong")
                continue
            }
            #expect(PodRowDecoder.summary(of: stored) == nil, "\(what)")
            Self.expectSame(Self.kv("ns/bad", stored), what)
        }
    }

    // MARK: Mutations

    /// Single-byte changes to seeded pods in both encodings: whatever the fast path reads, the
    /// full decoder reads as the same row; whatever the full decoder refuses, it refuses too.
    @Test func mutatedSeededPodsGiveTheFullDecodersAnswer() throws {
        let factory = SeedPodFactory(namespaces: 3, seed: 5)
        let jsonBytes: [UInt8] = Array("{}[]\",:\\0123456789-+.eEtfnulrsa \n\u{1}".utf8) + [0x7F, 0x80, 0xC3, 0xE2, 0xFF]
        let protobufBytes: [UInt8] = [0x00, 0x01, 0x02, 0x05, 0x08, 0x0A, 0x10, 0x12, 0x1A, 0x22, 0x7F, 0x80, 0xFF, 0x0D, 0x09, 0x0B]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var fastJSON = 0, fastProtobuf = 0
        for index in 0..<60 {
            let (key, json) = factory.pod(index, now: Self.now)
            let name = "\(key.namespace)/\(key.name)"
            let original = JSONWriter.compact(json)
            let protobuf = try PodValueFixtures.protobuf(json)
            for _ in 0..<40 {
                let (bytes, position) = PodValueFixtures.mutated(original, replacements: jsonBytes, state: &state)
                if Self.expectSame(Self.kv(name, bytes), "JSON pod \(index) changed at \(position)") { fastJSON += 1 }
                let (pb, at) = PodValueFixtures.mutated(protobuf, replacements: protobufBytes, state: &state)
                if Self.expectSame(Self.kv(name, pb), "protobuf pod \(index) changed at \(at)") { fastProtobuf += 1 }
            }
        }
        // Most single-byte changes inside strings still read; the check above is not vacuous.
        #expect(fastJSON > 200)
        #expect(fastProtobuf > 200)
    }

    // MARK: Wire helpers

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        return out + [UInt8(v)]
    }

    static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload
    }

    /// The payload range of the first length-delimited field `number` of a message.
    static func firstField(_ number: Int, in bytes: [UInt8]) -> Range<Int>? {
        var i = 0
        func read() -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            return result
        }
        while i < bytes.count {
            let tag = read()
            switch tag & 7 {
            case 0: _ = read()
            case 1: i += 8
            case 5: i += 4
            case 2:
                let length = Int(read())
                if Int(tag >> 3) == number { return i..<(i + length) }
                i += length
            default: return nil
            }
        }
        return nil
    }
}

/// The status classes of ASCII statuses (read byte-wise) are those of the general path.
@Suite("status class")
struct StatusClassTests {
    /// The general path as it reads, for the comparison.
    static func reference(status: String, phase: String?, ready: Bool) -> StatusClass {
        let s = status.lowercased()
        if s == "terminating" { return .terminating }
        if s.contains("backoff") || s.contains("err") || s.hasPrefix("init:err") || s.contains("oomkilled")
            || s.hasPrefix("signal") || s.hasPrefix("exitcode") || s == "failed" || s == "evicted" || s.contains("invalid") {
            return .failed
        }
        if s == "completed" || s == "succeeded" { return .succeeded }
        if s == "running" { return ready ? .running : .pending }
        if s == "unknown" || s.hasPrefix("<") { return .unknown }
        switch phase?.lowercased() {
        case "running": return ready ? .running : .pending
        case "succeeded": return .succeeded
        case "failed": return .failed
        case "pending": return .pending
        default: return .pending
        }
    }

    @Test func asciiStatusesClassLikeTheGeneralPath() {
        let statuses = ["Running", "RUNNING", "running ", "Terminating", "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "Init:Error",
                        "Init:ErrImagePull", "OOMKilled", "Signal:9", "ExitCode:1", "Failed", "Evicted", "InvalidImageName",
                        "Completed", "Succeeded", "Unknown", "<none>", "Pending", "ContainerCreating", "Init:0/1", "NotReady",
                        "SchedulingGated", "", "e", "er", "ERR", "xbackoffx", "signal", "sig", "exitcod", "\u{1}err", "BAC\u{212A}OFF",
                        "BACKOFF\u{301}", "İnvalid", "Runni\u{301}ng", "ok\u{7F}"]
        for status in statuses {
            for phase in ["Running", "Succeeded", "Failed", "Pending", "Unknown", "RUNNING", nil] as [String?] {
                for ready in [true, false] {
                    #expect(StatusClass.classify(status: status, phase: phase, ready: ready) == Self.reference(status: status, phase: phase, ready: ready),
                            "\(status) \(phase ?? "nil") \(ready)")
                }
            }
        }
    }
}

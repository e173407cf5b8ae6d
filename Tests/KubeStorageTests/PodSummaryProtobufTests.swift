import Foundation
@testable import KubeStorage
import PodModel
import Testing

/// The protobuf summary reader's own pieces: times as the decoder writes them, and the schema
/// check refusing what the decoder refuses.
@Suite("protobuf summary")
struct PodSummaryProtobufTests {
    /// A `Time` read from the wire is the instant of the text the decoder writes for it, over
    /// the whole range the decoder accepts; outside it the check refuses.
    @Test func timesAreTheInstantsOfTheDecodersText() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var seconds: [Int64] = [0, -1, 1, KubeTime.goZeroSeconds, KubeTime.goZeroSeconds - 1, -62_167_219_200, -62_167_219_201,
                                253_402_300_799, 253_402_300_800, 1_800_000_000, Int64.max, Int64.min]
        for _ in 0..<5000 { seconds.append(Int64(bitPattern: next()) % 260_000_000_000) }
        let nanos: [Int64] = [0, 1, 999_999_999, 1_000_000_000, -1, -1_000_000_001, Int64(Int32.max), Int64(Int32.min)]
        for s in seconds {
            for n in nanos {
                let text = KubeTime.format(seconds: s, nanos: n, micro: false)
                let read: Int64??
                do { read = .some(try KubeMessageCheck.time(seconds: UInt64(bitPattern: s), nanos: UInt64(bitPattern: n))) } catch { read = .none }
                if s == KubeTime.goZeroSeconds && n == 0 {
                    #expect(read == .some(nil), "Go's zero time is null")
                    continue
                }
                guard let text else {
                    #expect(read == nil, "\(s)s \(n)ns: the decoder refuses it, the check must too")
                    continue
                }
                guard case .some(.some(let unix)) = read else {
                    Issue.record("\(s)s \(n)ns: the decoder writes \(text), the check refuses it")
                    continue
                }
                #expect(RFC3339.date(from: text) == Date(timeIntervalSince1970: Double(unix)), "\(s)s \(n)ns → \(text)")
            }
        }
    }

    /// Random messages of every pod-related type: the check accepts exactly what the decoder
    /// decodes (it may refuse more, never less).
    @Test func theCheckNeverAcceptsWhatTheDecoderRefuses() throws {
        let schema = KubeSchema.shared
        let decoder = KubeJSONDecoder(schema: schema)
        var state: UInt64 = 0xDEAD_BEEF
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let pod = try KubeObjectCodec.shared.encode(try JSONParser.parse(#"""
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","namespace":"b","labels":{"x":"y"},"creationTimestamp":"2026-01-01T00:00:00Z",
             "managedFields":[{"manager":"m","operation":"Update","time":"2026-01-01T00:00:00Z"}],"ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n","uid":"u"}]},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}},
               "livenessProbe":{"httpGet":{"port":"http","path":"/"},"periodSeconds":3}}],"volumes":[{"name":"v","configMap":{"name":"x","defaultMode":420}}],
               "tolerations":[{"key":"k","operator":"Exists","tolerationSeconds":5}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}],
               "containerStatuses":[{"name":"c","ready":true,"restartCount":2,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}},
                 "lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-01-01T00:00:00Z"}}}]}}
            """#), as: .protobuf, dropUnknownFields: true)
        let raw = try StorageEnvelope(parsing: pod).raw
        let podIndex = try #require(schema.index["k8s.io.api.core.v1.Pod"])
        let bytes: [UInt8] = [0x00, 0x01, 0x02, 0x05, 0x08, 0x0A, 0x0D, 0x10, 0x12, 0x1A, 0x22, 0x7F, 0x80, 0xFF, 0x09, 0x0B]
        var accepted = 0
        for _ in 0..<4000 {
            var mutated = raw
            for _ in 0..<(1 + next() % 3) {
                let position = next() % mutated.count
                switch next() % 3 {
                case 0: mutated[position] = bytes[next() % bytes.count]
                case 1: mutated.remove(at: position)
                default: mutated.insert(bytes[next() % bytes.count], at: position)
                }
            }
            let checked = mutated.withUnsafeBufferPointer { buffer -> Bool in
                let check = KubeMessageCheck(schema: schema, bytes: buffer)
                do { try check.message(0..<buffer.count, podIndex, depth: 0) } catch { return false }
                return true
            }
            let decoded: Bool
            do { _ = try decoder.decode(mutated, message: podIndex); decoded = true } catch { decoded = false }
            if checked {
                accepted += 1
                #expect(decoded, "the check accepts bytes the decoder refuses: \(mutated)")
            }
            // The summary reader agrees too.
            let stored = StorageEnvelope(apiVersion: "v1", kind: "Pod", raw: mutated).serialized()
            if PodSummary(storedProtobuf: stored) != nil {
                guard case .success(let decodedPod) = PodStorageCodec.decode(stored, resourceVersion: 1) else {
                    Issue.record("the summary reader reads bytes the decoder refuses: \(mutated)")
                    continue
                }
                #expect(PodSummary(storedProtobuf: stored) == PodSummary(pod: decodedPod.pod))
            }
        }
        #expect(accepted > 100, "the mutations are not all refused")
    }
}

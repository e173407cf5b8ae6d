import Deck
import Etcd
import Foundation
import KubeStorage
import Ops
import PodModel

/// Decoding stored pods: the same 10,000 seeded pods stored as JSON and as Kubernetes protobuf,
/// decoded the way a listing decodes them (value → record → row), one core; the JSON decode is the
/// baseline. Also the cost of writing one changed protobuf pod back (re-encoding from the stored
/// message).
enum StorageBenchmarks {
    static func run() async {
        let count = Int(ProcessInfo.processInfo.environment["BENCH_STORAGE_PODS"] ?? "") ?? 10_000
        let now = Date()
        let factory = SeedPodFactory(namespaces: 6)
        var jsonValues: [KeyValue] = []
        var protoValues: [KeyValue] = []
        var jsonBytes = 0, protoBytes = 0
        for i in 0..<count {
            let (key, json) = factory.pod(i, now: now)
            let etcdKey = Array(key.etcdKey(prefix: "/registry").utf8)
            let j = JSONWriter.compact(json)
            let p = try! KubeObjectCodec.shared.encode(json, as: .protobuf, dropUnknownFields: true)
            jsonBytes += j.count
            protoBytes += p.count
            jsonValues.append(KeyValue(key: etcdKey, value: j, createRevision: 1, modRevision: Int64(i + 1), version: 1))
            protoValues.append(KeyValue(key: etcdKey, value: p, createRevision: 1, modRevision: Int64(i + 1), version: 1))
        }
        print("pods: \(count); JSON \(jsonBytes / count) bytes each, protobuf \(protoBytes / count) bytes each")
        func decodeAll(_ kvs: [KeyValue]) {
            var rows = 0
            for kv in kvs {
                if case .success(let record) = PodStore.decode(kv, prefix: "/registry") { rows += PodRow(record).restarts >= 0 ? 1 : 0 }
            }
            precondition(rows == kvs.count, "every pod decodes")
        }
        let json = Measure.times(iterations: 7, warmup: 1) { decodeAll(jsonValues) }
        let proto = Measure.times(iterations: 7, warmup: 1) { decodeAll(protoValues) }
        let jm = Measure.percentile(json, 0.5), pm = Measure.percentile(proto, 0.5)
        func perSecond(_ d: Duration) -> Int { Int(Double(count) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)) }
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
        let ratio = (Double(pm.components.seconds) * 1e18 + Double(pm.components.attoseconds))
            / (Double(jm.components.seconds) * 1e18 + Double(jm.components.attoseconds))
        print(pad("decode value -> record -> row (one core)", 46) + pad("median", 14) + pad("pods/s", 12) + "time x")
        print(pad("baseline: JSON", 46) + pad(Measure.ms(jm), 14) + pad(String(perSecond(jm)), 12) + "1.00")
        print(pad("Kubernetes protobuf", 46) + pad(Measure.ms(pm), 14) + pad(String(perSecond(pm)), 12) + String(format: "%.2f", ratio))

        // Writing one changed pod back: decode, change a label, encode against the stored message.
        let sample = Array(protoValues.prefix(1000))
        let write = Measure.times(iterations: 7, warmup: 1) {
            for kv in sample {
                var json = try! KubeObjectCodec.shared.decode(kv.value).json
                json.set(.string("x"), at: ["metadata", "labels", "bench"])
                blackHole(try! KubeObjectCodec.shared.encode(json, as: .protobuf, original: kv.value).count)
            }
        }
        print("protobuf edit write-back (decode + change + re-encode from the stored message): \(Measure.ms(Measure.percentile(write, 0.5))) per 1000 pods")
    }
}

import Etcd
import Foundation
import KubeStorage
import PodModel

/// `poddeck seed --count N`: writes N realistic pods in transactions of 100.
public enum SeedRunner {
    /// Seeds `count` pods made by `factory`.
    public static func run(store: PodStore, count: Int, factory: SeedPodFactory, readonly: Bool,
                           console: Console, encoding: SeedEncoding = .json, now: Date = Date()) async throws(CommandFailure) {
        if readonly { throw ReadOnly.refusal("seed") }
        var pairs: [(key: String, value: [UInt8])] = []
        pairs.reserveCapacity(count)
        var bytes = 0
        var protobuf = 0
        for i in 0..<count {
            let (key, json) = factory.pod(i, now: now)
            let value: [UInt8]
            if encoding.encoding(namespaceIndex: i % factory.namespaces) == .protobuf {
                do { value = try KubeObjectCodec.shared.encode(json, as: .protobuf, dropUnknownFields: true) } catch {
                    throw CommandFailure(.runtime, "seed pod \(key) cannot be encoded as protobuf: \(error)")
                }
                protobuf += 1
            } else {
                value = JSONWriter.compact(json)
            }
            bytes += value.count
            pairs.append((key.etcdKey(prefix: store.prefix), value))
        }
        do {
            let revision = try await store.etcd.putMany(pairs)
            let mix = protobuf == 0 ? "" : protobuf == count ? ", as protobuf" : ", \(protobuf) as protobuf"
            console.out("seeded \(count) pods (\(bytes / max(count, 1)) bytes each on average\(mix)) under \(PodKey.podsPrefix(store.prefix)) at revision \(revision)")
        } catch {
            throw CommandFailure(.runtime, error.description)
        }
    }
}

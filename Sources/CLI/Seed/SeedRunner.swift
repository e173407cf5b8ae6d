import Etcd
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KubeStorage
import Ops
import PodModel

/// `poddeck seed --count N`: writes N realistic pods in transactions within etcd's limits,
/// several in flight, with progress on a terminal.
public enum SeedRunner {
    /// Seeds `count` pods made by `factory`.
    /// - Parameters:
    ///   - maxTxnOps: puts per transaction (at most etcd's `--max-txn-ops`, default 128).
    ///   - maxRequestBytes: bytes of keys and values per transaction (below etcd's
    ///     `--max-request-bytes`, default 1.5 MiB).
    public static func run(store: PodStore, count: Int, factory: SeedPodFactory, readonly: Bool,
                           console: Console, encoding: SeedEncoding = .json, now: Date = Date(), maxTxnOps: Int = 100,
                           maxRequestBytes: Int = 1 << 20, parallel: Int = 4) async throws(CommandFailure) {
        if readonly { throw ReadOnly.refusal("seed") }
        // Pods are made and written a chunk at a time, so memory stays that of one chunk
        // (100,000 pods made up front peaked at 456 MB).
        let chunkSize = max(1, maxTxnOps * parallel * 25)
        var bytes = 0
        var protobuf = 0
        var revision: Int64 = 0
        let showProgress = isatty(2) == 1 && count >= 1000
        do {
            var start = 0
            while start < count {
                let end = min(count, start + chunkSize)
                var pairs: [(key: String, value: [UInt8])] = []
                pairs.reserveCapacity(end - start)
                for i in start..<end {
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
                let written = start
                let total = count
                revision = try await store.etcd.putMany(pairs, maxOps: maxTxnOps, maxBytes: maxRequestBytes, parallel: parallel) { done in
                    if showProgress { console.writeErr("\rseeding: \(written + done)/\(total) pods written") }
                }
                start = end
            }
            if showProgress { console.writeErr("\r\u{1B}[K") }
            let mix = protobuf == 0 ? "" : protobuf == count ? ", as protobuf" : ", \(protobuf) as protobuf"
            console.out("seeded \(count) pods (\(bytes / max(count, 1)) bytes each on average\(mix)) under \(PodKey.podsPrefix(store.prefix)) at revision \(revision)")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.runtime, "\(error)")
        }
    }
}

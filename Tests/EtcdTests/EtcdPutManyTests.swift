@testable import Etcd
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("writing many keys within etcd's limits")
struct EtcdPutManyTests {
    @Test func batchesRespectOperationsAndBytes() {
        #expect(EtcdClient.batches(sizes: Array(repeating: 10, count: 25), maxOps: 10, maxBytes: 1000) == [0..<10, 10..<20, 20..<25])
        #expect(EtcdClient.batches(sizes: [400, 400, 400, 100], maxOps: 10, maxBytes: 1000) == [0..<2, 2..<4])
        // An item larger than the limit travels alone.
        #expect(EtcdClient.batches(sizes: [10, 5000, 10], maxOps: 10, maxBytes: 1000) == [0..<1, 1..<2, 2..<3])
        #expect(EtcdClient.batches(sizes: [], maxOps: 10, maxBytes: 1000).isEmpty)
    }

    /// Values that would make a 100-put transaction larger than etcd's request limit are split by
    /// bytes; every key lands, in as many transactions as the limits require.
    @Test func largeValuesAreSplitBelowTheRequestLimit() async throws {
        let etcd = try await EtcdServer.start(extraArguments: ["--max-txn-ops", "16"])
        defer { etcd.stop() }
        let c = try client(etcd.clientURL)
        let value = Array(repeating: UInt8(ascii: "x"), count: 60_000)
        let pairs = (0..<120).map { (key: String(format: "/many/k%03d", $0), value: value) }
        let before = try await EtcdMetrics.read(etcd)
        let written = Counter()
        let revision = try await c.putMany(pairs, maxOps: 16, maxBytes: 1 << 20, parallel: 3) { written.set($0) }
        let after = try await EtcdMetrics.read(etcd)
        #expect(revision > 0)
        #expect(written.value == 120)
        let listed = try await c.list(prefix: "/many/", keysOnly: true)
        #expect(listed.kvs.count == 120)
        // 16 puts of 60 KB stay under 1 MiB: 120 / 16 → 8 transactions.
        #expect(after.handled("Txn") - before.handled("Txn") == 8)
        await c.close()
    }
}

/// The last value a progress callback reported.
final class Counter: Sendable {
    private let state = Mutex(0)
    func set(_ value: Int) { state.withLock { $0 = max($0, value) } }
    var value: Int { state.withLock { $0 } }
}

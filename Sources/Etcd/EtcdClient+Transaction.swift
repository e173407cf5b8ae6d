import EtcdAPI
import Foundation

extension EtcdClient {
    /// etcd's default `--max-txn-ops`: the most compares (and the most operations per branch)
    /// one transaction may hold.
    public static let defaultMaxTxnOps = 128
    /// etcd's default `--max-request-bytes` (1.5 MiB).
    public static let defaultMaxRequestBytes = 1_572_864

    /// Compares every key's `mod_revision` and, only if all of them hold, does every write, in
    /// one transaction: every written key ends at the same revision, or none is written.
    ///
    /// On a failed compare the transaction reads every key instead, so the keys that changed
    /// come back with their current values in the same round trip. The caller keeps `writes`
    /// within etcd's `--max-txn-ops` and `--max-request-bytes` (see ``transactionChunks(_:maxOps:maxBytes:)``);
    /// etcd refuses more with a `requestTooLarge` error and writes nothing.
    public func compareAndSwap(_ writes: [ConditionalWrite]) async throws(EtcdError) -> MultiCASResult {
        guard !writes.isEmpty else { return .succeeded(revision: 0) }
        var request = Etcdserverpb_TxnRequest()
        request.compare = writes.map { write in
            var compare = Etcdserverpb_Compare()
            compare.key = Data(write.key.utf8)
            compare.target = .mod
            compare.result = .equal
            compare.modRevision = write.expectedModRevision
            return compare
        }
        request.success = writes.compactMap { write in
            var op = Etcdserverpb_RequestOp()
            switch write.action {
            case .put(let value):
                var put = Etcdserverpb_PutRequest()
                put.key = Data(write.key.utf8)
                put.value = Data(value)
                op.requestPut = put
            case .delete:
                var del = Etcdserverpb_DeleteRangeRequest()
                del.key = Data(write.key.utf8)
                op.requestDeleteRange = del
            case .compareOnly:
                return nil
            }
            return op
        }
        request.failure = writes.map { write in
            var range = Etcdserverpb_RangeRequest()
            range.key = Data(write.key.utf8)
            var op = Etcdserverpb_RequestOp()
            op.requestRange = range
            return op
        }
        let (response, _) = try await execute(.write, key: writes[0].key) { [request] conn, options, metadata in
            try await conn.kv.txn(request, metadata: metadata, options: options)
        }
        if response.succeeded { return .succeeded(revision: response.header.revision) }
        var changed: [String: KeyValue?] = [:]
        for (write, answer) in zip(writes, response.responses) {
            let current = answer.responseRange.kvs.first.map(KeyValue.init)
            if current?.modRevision != write.expectedModRevision { changed[write.key] = .some(current) }
        }
        return .conflict(changed: changed, revision: response.header.revision)
    }

    /// Splits `writes` into consecutive chunks etcd accepts as one transaction each: at most
    /// `maxOps` keys and about `maxBytes` per request (a write larger than that goes alone).
    public static func transactionChunks(_ writes: [ConditionalWrite], maxOps: Int = defaultMaxTxnOps,
                                         maxBytes: Int = defaultMaxRequestBytes) -> [[ConditionalWrite]] {
        batches(sizes: writes.map(\.requestBytes), maxOps: maxOps, maxBytes: maxBytes).map { Array(writes[$0]) }
    }
}

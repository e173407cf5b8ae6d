import Etcd
import Foundation
import PodModel

/// A listing projected onto rows: what tables need, without keeping documents in memory.
public struct RowListing: Sendable {
    /// Rows in key order.
    public var rows: [PodRow]
    /// Values that are not readable pods.
    public var unreadable: [UnreadableEntry]
    /// Store revision of the listing.
    public var revision: Int64
    /// Endpoint that answered.
    public var endpoint: EtcdEndpoint
}

extension PodStore {
    /// Lists only keys and revisions (no values are transferred).
    public func listKeys(namespace: String?) async throws(EtcdError) -> RangeResult {
        try await etcd.list(prefix: listPrefix(namespace: namespace), keysOnly: true)
    }

    /// Lists pods as rows, decoding values on every core straight into rows
    /// (``PodRowDecoder``).
    public func listRows(namespace: String?) async throws(EtcdError) -> RowListing {
        let result = try await etcd.list(prefix: listPrefix(namespace: namespace))
        let (rows, unreadable) = await Self.decodeRows(result.kvs, prefix: prefix)
        return RowListing(rows: rows, unreadable: unreadable, revision: result.revision, endpoint: result.endpoint)
    }

    /// Decodes key-values into rows in parallel chunks, preserving order.
    public static func decodeRows(_ kvs: [KeyValue], prefix: String) async -> ([PodRow], [UnreadableEntry]) {
        let workers = Parallelism.workers
        guard kvs.count > 512, workers > 1 else { return decodeChunk(kvs[...], prefix: prefix) }
        let chunk = (kvs.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [PodRow], [UnreadableEntry]).self) { group in
            for w in 0..<workers {
                let lower = w * chunk
                let upper = min(kvs.count, lower + chunk)
                guard lower < upper else { continue }
                group.addTask {
                    let (rows, bad) = decodeChunk(kvs[lower..<upper], prefix: prefix)
                    return (w, rows, bad)
                }
            }
            var parts: [(Int, [PodRow], [UnreadableEntry])] = []
            for await part in group { parts.append(part) }
            parts.sort { $0.0 < $1.0 }
            var rows: [PodRow] = []
            rows.reserveCapacity(kvs.count)
            var bad: [UnreadableEntry] = []
            for p in parts { rows += p.1; bad += p.2 }
            return (rows, bad)
        }
    }

    static func decodeChunk(_ kvs: ArraySlice<KeyValue>, prefix: String) -> ([PodRow], [UnreadableEntry]) {
        var rows: [PodRow] = []
        rows.reserveCapacity(kvs.count)
        var bad: [UnreadableEntry] = []
        for kv in kvs {
            switch PodRowDecoder.row(kv, prefix: prefix) {
            case .success(let row): rows.append(row)
            case .failure(let entry): bad.append(entry)
            }
        }
        return (rows, bad)
    }
}

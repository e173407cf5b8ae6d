import Etcd
import Foundation
import PodModel

/// Pods in etcd: listing, reading and atomic writes under `<prefix>/pods/`.
///
/// Every update and delete is one transaction comparing `mod_revision`; creates compare
/// `create_revision == 0`. `metadata.resourceVersion` is filled from `mod_revision` on read and
/// never stored.
public final class PodStore: Sendable {
    /// The etcd client.
    public let etcd: EtcdClient
    /// The registry prefix (default `/registry`).
    public let prefix: String

    /// Creates a store.
    public init(etcd: EtcdClient, prefix: String) {
        self.etcd = etcd
        self.prefix = prefix
    }

    /// The etcd prefix of one namespace, or of every pod when `namespace` is nil.
    public func listPrefix(namespace: String?) -> String {
        PodKey.podsPrefix(prefix) + (namespace.map { "\($0)/" } ?? "")
    }

    /// Lists the pods of `namespace` (all when nil) as one consistent snapshot.
    public func list(namespace: String?) async throws(EtcdError) -> PodListing {
        let result = try await etcd.list(prefix: listPrefix(namespace: namespace))
        return Self.decodeListing(result, prefix: prefix)
    }

    /// Decodes a raw listing (shared with the watch path).
    public static func decodeListing(_ result: RangeResult, prefix: String) -> PodListing {
        var records: [PodRecord] = []
        var unreadable: [UnreadableEntry] = []
        records.reserveCapacity(result.kvs.count)
        for kv in result.kvs {
            switch decode(kv, prefix: prefix) {
            case .success(let record): records.append(record)
            case .failure(let entry): unreadable.append(entry)
            }
        }
        return PodListing(records: records, unreadable: unreadable, revision: result.revision, endpoint: result.endpoint)
    }

    /// Decodes one key-value into a record or an unreadable entry.
    public static func decode(_ kv: KeyValue, prefix: String) -> Result<PodRecord, UnreadableEntry> {
        let etcdKey = kv.keyString
        let key = PodKey(etcdKey: etcdKey, prefix: prefix)
        guard let key else {
            return .failure(UnreadableEntry(etcdKey: etcdKey, key: nil, reason: "key is not <prefix>/pods/<namespace>/<name>",
                                            size: kv.value.count, modRevision: kv.modRevision))
        }
        switch Pod.decode(kv.value, resourceVersion: kv.modRevision) {
        case .success(let pod):
            return .success(PodRecord(key: key, pod: pod, createRevision: kv.createRevision, modRevision: kv.modRevision))
        case .failure(let reason):
            return .failure(UnreadableEntry(etcdKey: etcdKey, key: key, reason: reason.description,
                                            size: kv.value.count, modRevision: kv.modRevision))
        }
    }

    /// Reads one pod (nil when absent). An unreadable value is an error naming the key.
    public func get(_ key: PodKey, revision: Int64 = 0) async throws(StoreError) -> PodRecord? {
        let result: (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint)
        do { result = try await etcd.get(key.etcdKey(prefix: prefix), revision: revision) } catch { throw .etcd(error) }
        guard let kv = result.kv else { return nil }
        switch Self.decode(kv, prefix: prefix) {
        case .success(let record): return record
        case .failure(let entry): throw .unreadable(entry)
        }
    }

    /// Updates the pod only if it is still at `baseRevision`.
    public func update(_ key: PodKey, pod: Pod, baseRevision: Int64) async throws(EtcdError) -> WriteOutcome {
        let result = try await etcd.update(key.etcdKey(prefix: prefix), value: pod.storageBytes(), expectedModRevision: baseRevision)
        return outcome(result)
    }

    /// Creates the pod only if no key exists for it.
    public func create(_ key: PodKey, pod: Pod) async throws(EtcdError) -> WriteOutcome {
        outcome(try await etcd.create(key.etcdKey(prefix: prefix), value: pod.storageBytes()))
    }

    /// Writes the pod unconditionally.
    public func put(_ key: PodKey, pod: Pod) async throws(EtcdError) -> Int64 {
        try await etcd.put(key.etcdKey(prefix: prefix), value: pod.storageBytes())
    }

    /// Deletes the pod only if it is still at `baseRevision`.
    public func delete(_ key: PodKey, baseRevision: Int64) async throws(EtcdError) -> WriteOutcome {
        outcome(try await etcd.delete(key.etcdKey(prefix: prefix), expectedModRevision: baseRevision))
    }

    private func outcome(_ result: CASResult) -> WriteOutcome {
        switch result {
        case .succeeded(let revision):
            return .written(revision: revision)
        case .conflict(let current, let revision):
            let record = current.flatMap { try? Self.decode($0, prefix: prefix).get() }
            return .conflict(current: record, revision: revision)
        }
    }
}

/// A failure reading a pod: etcd failed, or the value is not a readable pod.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// etcd failed.
    case etcd(EtcdError)
    /// The value under the key is not a pod.
    case unreadable(UnreadableEntry)

    /// One line for operators.
    public var description: String {
        switch self {
        case .etcd(let e): return e.description
        case .unreadable(let u): return "\(u.etcdKey) is not a readable pod: \(u.reason)"
        }
    }
}

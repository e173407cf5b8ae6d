import Etcd
import Foundation
import KubeStorage
import PodModel

/// Pods in etcd: listing, reading and atomic writes under `<prefix>/pods/`.
///
/// Every update and delete is one transaction comparing `mod_revision`; creates compare
/// `create_revision == 0`. `metadata.resourceVersion` is filled from `mod_revision` on read and
/// never stored. Values are read in any encoding (JSON, the apiserver's protobuf envelope) and
/// written back in the one they were read in: a protobuf pod is re-encoded from the stored
/// message it was read as, so fields nobody changed — unknown ones included — survive.
/// Values encrypted at rest are never written.
public final class PodStore: Sendable {
    /// The etcd client.
    public let etcd: EtcdClient
    /// The registry prefix (default `/registry`).
    public let prefix: String
    /// Recently read protobuf values, the starting point of writes.
    let originals = StoredOriginals()

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
        switch PodStorageCodec.decode(kv.value, resourceVersion: kv.modRevision) {
        case .success(let decoded):
            return .success(PodRecord(key: key, pod: decoded.pod, createRevision: kv.createRevision,
                                      modRevision: kv.modRevision, encoding: decoded.encoding))
        case .failure(let reason):
            return .failure(UnreadableEntry(etcdKey: etcdKey, key: key, reason: reason.description,
                                            size: kv.value.count, modRevision: kv.modRevision,
                                            encryption: reason.encryption.map { UnreadableEntry.Encryption(provider: $0.provider, key: $0.key) }))
        }
    }

    /// Decodes `kv` and remembers a protobuf value as the base of a later write.
    func decodeRemembering(_ kv: KeyValue) -> Result<PodRecord, UnreadableEntry> {
        let result = Self.decode(kv, prefix: prefix)
        if case .success(let record) = result, record.encoding == .protobuf {
            originals.remember(kv.keyString, revision: kv.modRevision, encoding: .protobuf, bytes: kv.value)
        }
        return result
    }

    /// Reads one pod (nil when absent). An unreadable value is an error naming the key.
    public func get(_ key: PodKey, revision: Int64 = 0) async throws(StoreError) -> PodRecord? {
        let result: (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint)
        do { result = try await etcd.get(key.etcdKey(prefix: prefix), revision: revision) } catch { throw .etcd(error) }
        guard let kv = result.kv else { return nil }
        switch decodeRemembering(kv) {
        case .success(let record): return record
        case .failure(let entry): throw .unreadable(entry)
        }
    }

    /// Updates the pod only if it is still at `baseRevision`, in the encoding it is stored in.
    ///
    /// A protobuf pod is encoded from the value stored at `baseRevision` (remembered from the
    /// read the change started from, or read now); when the result is that value itself, nothing
    /// is written and the outcome is `.written(revision: baseRevision)`.
    public func update(_ key: PodKey, pod: Pod, baseRevision: Int64) async throws(StoreError) -> WriteOutcome {
        let etcdKey = key.etcdKey(prefix: prefix)
        let base: StoredOriginals.Entry
        if let remembered = originals.entry(etcdKey, revision: baseRevision) {
            base = remembered
        } else {
            let current: (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint)
            do { current = try await etcd.get(etcdKey) } catch { throw .etcd(error) }
            guard let kv = current.kv, kv.modRevision == baseRevision else {
                // The compare would fail: answer as the transaction would, with the current pod.
                return .conflict(current: stored(current.kv), revision: current.revision)
            }
            base = try Self.base(of: kv, key: key)
        }
        let bytes = try encode(pod, key: key, encoding: base.encoding, original: base.bytes)
        if let original = base.bytes, original == bytes { return .written(revision: baseRevision) }
        let result: CASResult
        do { result = try await etcd.update(etcdKey, value: bytes, expectedModRevision: baseRevision) } catch { throw .etcd(error) }
        return outcome(result)
    }

    /// Creates the pod only if no key exists for it, in `encoding` — by default the encoding the
    /// namespace's pods are stored in (see ``preferredEncoding(namespace:)``).
    public func create(_ key: PodKey, pod: Pod, encoding: StorageEncoding? = nil) async throws(StoreError) -> WriteOutcome {
        let chosen: StorageEncoding
        if let encoding { chosen = encoding } else { chosen = try await preferredEncoding(namespace: key.namespace) }
        let bytes = try encode(pod, key: key, encoding: chosen, original: nil)
        do { return outcome(try await etcd.create(key.etcdKey(prefix: prefix), value: bytes)) } catch { throw .etcd(error) }
    }

    /// Writes the pod whatever its revision, in the encoding of the value it replaces (a
    /// compare-and-swap on the value just read, repeated while it moves, so a protobuf pod keeps
    /// the fields this write does not name); a new pod is created as ``create(_:pod:encoding:)``.
    public func put(_ key: PodKey, pod: Pod, encoding: StorageEncoding? = nil) async throws(StoreError) -> Int64 {
        let etcdKey = key.etcdKey(prefix: prefix)
        for _ in 0..<10 {
            let current: (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint)
            do { current = try await etcd.get(etcdKey) } catch { throw .etcd(error) }
            let outcome: WriteOutcome
            if let kv = current.kv {
                let base = try Self.base(of: kv, key: key)
                let bytes = try encode(pod, key: key, encoding: base.encoding, original: base.bytes)
                if let original = base.bytes, original == bytes { return kv.modRevision }
                do { outcome = self.outcome(try await etcd.update(etcdKey, value: bytes, expectedModRevision: kv.modRevision)) } catch {
                    throw .etcd(error)
                }
            } else {
                outcome = try await create(key, pod: pod, encoding: encoding)
            }
            if case .written(let revision) = outcome { return revision }
        }
        throw .etcd(EtcdError(.server, key: etcdKey, message: "the pod kept changing while writing it (10 attempts)", hint: "try again"))
    }

    /// Deletes the pod only if it is still at `baseRevision`.
    public func delete(_ key: PodKey, baseRevision: Int64) async throws(StoreError) -> WriteOutcome {
        do { return outcome(try await etcd.delete(key.etcdKey(prefix: prefix), expectedModRevision: baseRevision)) } catch {
            throw .etcd(error)
        }
    }

    /// The encoding new pods of `namespace` are stored in: that of the namespace's first pod,
    /// else that of the first pod of any namespace, else JSON. Encrypted or unreadable neighbours
    /// count as protobuf (only an apiserver writes those).
    public func preferredEncoding(namespace: String) async throws(StoreError) -> StorageEncoding {
        for scope in [listPrefix(namespace: namespace), PodKey.podsPrefix(prefix)] {
            let first: KeyValue?
            do { first = try await etcd.first(prefix: scope) } catch { throw .etcd(error) }
            guard let first else { continue }
            return StoredValueFormat.detect(first.value) == .json ? .json : .protobuf
        }
        return .json
    }

    /// The base of a write over `kv`; an encrypted or foreign value is refused.
    static func base(of kv: KeyValue, key: PodKey) throws(StoreError) -> StoredOriginals.Entry {
        switch StoredValueFormat.detect(kv.value) {
        case .json: return StoredOriginals.Entry(encoding: .json, bytes: nil)
        case .protobuf: return StoredOriginals.Entry(encoding: .protobuf, bytes: kv.value)
        case .encrypted(let provider, let name):
            throw .notWritable(key: key, reason: "the stored value is encrypted at rest (provider \(provider)\(name.isEmpty ? "" : ", key \(name)")); PodDeck never writes encrypted values")
        case .unrecognized:
            // Not a pod PodDeck can read: replaced by JSON, as before protobuf support.
            return StoredOriginals.Entry(encoding: .json, bytes: nil)
        }
    }

    func encode(_ pod: Pod, key: PodKey, encoding: StorageEncoding, original: [UInt8]?) throws(StoreError) -> [UInt8] {
        do {
            return try PodStorageCodec.encode(pod, as: encoding, original: original)
        } catch {
            throw .notWritable(key: key, reason: "cannot be stored as Kubernetes protobuf: \(error.description)")
        }
    }

    private func outcome(_ result: CASResult) -> WriteOutcome {
        switch result {
        case .succeeded(let revision):
            return .written(revision: revision)
        case .conflict(let current, let revision):
            return .conflict(current: stored(current), revision: revision)
        }
    }

    /// What `kv` holds: a pod, nothing, or a value that is not a readable pod.
    func stored(_ kv: KeyValue?) -> StoredPod {
        guard let kv else { return .absent }
        switch decodeRemembering(kv) {
        case .success(let record): return .pod(record)
        case .failure(let entry): return .unreadable(entry)
        }
    }
}

/// A failure reading a pod: etcd failed, or the value is not a readable pod.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// etcd failed.
    case etcd(EtcdError)
    /// The value under the key is not a pod.
    case unreadable(UnreadableEntry)
    /// The pod cannot be written: its stored value is encrypted, or the change cannot be
    /// expressed in its encoding (a field the protobuf schema lacks). Nothing was written.
    case notWritable(key: PodKey, reason: String)

    /// Whether the write may have landed (the connection was lost after sending it).
    public var isOutcomeUnknown: Bool {
        if case .etcd(let e) = self { return e.kind == .outcomeUnknown }
        return false
    }

    /// One line for operators.
    public var description: String {
        switch self {
        case .etcd(let e): return e.description
        case .unreadable(let u): return "\(u.etcdKey) is not a readable pod: \(u.reason)"
        case .notWritable(let key, let reason): return "pod \(key) \(reason)"
        }
    }
}

import Etcd
import KubeStorage
import PodModel

extension PodStore {
    /// Turns changes into conditional writes, each update encoded in the encoding its pod is
    /// stored in (from the value read at its base revision, as ``update(_:pod:baseRevision:)``
    /// does). An update that leaves the stored bytes as they are only compares.
    ///
    /// A base that was not read recently is read now (one transaction for all of them); a pod
    /// found already past its base revision is returned in `stale` and gets no write.
    public func conditionalWrites(_ changes: [PodChange]) async throws(StoreError) -> (writes: [ConditionalWrite], stale: [ChangedPod]) {
        var bases: [String: StoredOriginals.Entry] = [:]
        var missing: [String] = []
        for change in changes {
            guard case .update = change.action else { continue }
            let etcdKey = change.key.etcdKey(prefix: prefix)
            if let remembered = originals.entry(etcdKey, revision: change.baseRevision) {
                bases[etcdKey] = remembered
            } else {
                missing.append(etcdKey)
            }
        }
        var stale: [ChangedPod] = []
        if !missing.isEmpty {
            let read: RangeResult
            do { read = try await etcd.getMany(missing) } catch { throw .etcd(error) }
            let byKey = Dictionary(read.kvs.map { ($0.keyString, $0) }, uniquingKeysWith: { a, _ in a })
            let unread = Set(missing)
            for change in changes {
                let etcdKey = change.key.etcdKey(prefix: prefix)
                guard unread.contains(etcdKey) else { continue }
                guard let kv = byKey[etcdKey], kv.modRevision == change.baseRevision else {
                    let kv = byKey[etcdKey]
                    stale.append(ChangedPod(key: change.key, expectedRevision: change.baseRevision, currentRevision: kv?.modRevision,
                                            current: kv.flatMap { try? decodeRemembering($0).get() }))
                    continue
                }
                bases[etcdKey] = try Self.base(of: kv, key: change.key)
            }
        }
        var writes: [ConditionalWrite] = []
        writes.reserveCapacity(changes.count)
        for change in changes {
            let etcdKey = change.key.etcdKey(prefix: prefix)
            switch change.action {
            case .delete:
                writes.append(ConditionalWrite(key: etcdKey, expectedModRevision: change.baseRevision, action: .delete))
            case .update(let pod):
                guard let base = bases[etcdKey] else { continue }
                let bytes = try encode(pod, key: change.key, encoding: base.encoding, original: base.bytes)
                let unchanged = base.bytes.map { $0 == bytes } ?? false
                writes.append(ConditionalWrite(key: etcdKey, expectedModRevision: change.baseRevision, action: unchanged ? .compareOnly : .put(bytes)))
            }
        }
        return (writes, stale)
    }

    /// Sends `writes` as one transaction: every pod at its expected revision is written at one
    /// revision, or nothing is and the pods that changed come back (read in the same round trip).
    public func commit(_ writes: [ConditionalWrite]) async throws(StoreError) -> BulkWriteOutcome {
        let result: MultiCASResult
        do { result = try await etcd.compareAndSwap(writes) } catch { throw .etcd(error) }
        switch result {
        case .succeeded(let revision):
            return .written(revision: revision)
        case .conflict(let changed, _):
            var pods: [ChangedPod] = []
            for write in writes {
                guard let entry = changed[write.key] else { continue }
                let key = PodKey(etcdKey: write.key, prefix: prefix) ?? PodKey(namespace: "", name: write.key)
                pods.append(ChangedPod(key: key, expectedRevision: write.expectedModRevision, currentRevision: entry?.modRevision,
                                       current: entry.flatMap { try? decodeRemembering($0).get() }))
            }
            return .conflict(changed: pods)
        }
    }

    /// Reads many pods at one revision; keys with no pod are in `missing`.
    public func getMany(_ keys: [PodKey]) async throws(StoreError) -> (records: [PodRecord], missing: [PodKey]) {
        let read: RangeResult
        do { read = try await etcd.getMany(keys.map { $0.etcdKey(prefix: prefix) }) } catch { throw .etcd(error) }
        var byKey: [String: PodRecord] = [:]
        for kv in read.kvs {
            switch decodeRemembering(kv) {
            case .success(let record): byKey[kv.keyString] = record
            case .failure(let entry): throw .unreadable(entry)
            }
        }
        var records: [PodRecord] = [], missing: [PodKey] = []
        for key in keys {
            if let record = byKey[key.etcdKey(prefix: prefix)] { records.append(record) } else { missing.append(key) }
        }
        return (records, missing)
    }
}

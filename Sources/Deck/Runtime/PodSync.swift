import Etcd
import Foundation
import PodModel
import Probes

/// Keeps the dashboard's copy of the pods in step with etcd, transferring only what changed.
///
/// A poll lists keys and revisions only (no values), then reads the values of new and changed
/// keys at that same revision; a large change (first load, namespace switch) reads everything
/// in one paged listing instead. Watch events are applied in between. Revisions guard against
/// a slower poll undoing a newer watch event.
public actor PodSync {
    /// The store.
    public let store: PodStore
    private var namespace: String?
    private var generation = 0
    private var known: [String: Int64] = [:]
    private var tombstones: [String: Int64] = [:]
    private var unreadable: [String: UnreadableEntry] = [:]
    /// Revision of the newest data applied.
    public private(set) var revision: Int64 = 0

    /// Creates a sync for `namespace` (nil = all).
    public init(store: PodStore, namespace: String?) {
        self.store = store
        self.namespace = namespace
    }

    /// Starts over for another namespace.
    public func reset(namespace: String?, generation: Int) {
        self.namespace = namespace
        self.generation = generation
        known = [:]
        tombstones = [:]
        unreadable = [:]
        revision = 0
    }

    /// The generation of the current listing.
    public var currentGeneration: Int { generation }

    /// The prefix watched and listed.
    public var prefix: String { store.listPrefix(namespace: namespace) }

    /// One poll: keys first, then the values that changed.
    public func poll(now: @Sendable () -> Date) async throws(EtcdError) -> SyncDelta {
        let gen = generation
        let keys = try await store.listKeys(namespace: namespace)
        var changed: [String] = []
        var seen = Set<String>()
        seen.reserveCapacity(keys.kvs.count)
        for kv in keys.kvs {
            let k = kv.keyString
            seen.insert(k)
            if let tomb = tombstones[k], tomb > keys.revision { continue }
            if let have = known[k], have >= kv.modRevision { continue }
            changed.append(k)
        }
        var deletions: [PodKey] = []
        var unreadableChanged = false
        for (k, rev) in known where !seen.contains(k) && rev <= keys.revision {
            known[k] = nil
            if unreadable.removeValue(forKey: k) != nil { unreadableChanged = true }
            if let key = PodKey(etcdKey: k, prefix: store.prefix) { deletions.append(key) }
        }
        let firstLoad = revision == 0
        let values: RangeResult
        if changed.isEmpty {
            values = RangeResult(kvs: [], revision: keys.revision, endpoint: keys.endpoint)
        } else if firstLoad || changed.count > max(256, keys.kvs.count / 4) {
            values = try await store.etcd.list(prefix: prefix, revision: keys.revision)
        } else {
            values = try await store.etcd.getMany(changed, revision: keys.revision)
        }
        let changedSet = Set(changed)
        let relevant = (firstLoad || values.kvs.count != changed.count) ? values.kvs.filter { changedSet.contains($0.keyString) } : values.kvs
        let (rows, bad, plans) = await Self.decode(relevant, prefix: store.prefix)
        for kv in relevant { known[kv.keyString] = kv.modRevision }
        for kv in relevant where unreadable[kv.keyString] != nil {
            unreadable[kv.keyString] = nil
            unreadableChanged = true
        }
        for entry in bad {
            unreadable[entry.etcdKey] = entry
            unreadableChanged = true
        }
        revision = max(revision, keys.revision)
        guard gen == generation else { throw EtcdError(.cancelled, message: "namespace changed") }
        var delta = SyncDelta(upserts: rows, deletions: deletions,
                              unreadable: unreadableChanged || firstLoad ? sortedUnreadable() : nil,
                              revision: revision, endpoint: keys.endpoint.authority, replacesAll: firstLoad,
                              at: now(), generation: gen)
        delta.probePlans = plans
        return delta
    }

    /// Applies watch events; nil when nothing new.
    public func apply(_ events: [WatchEvent], at now: Date, endpoint: String) -> SyncDelta? {
        var puts: [KeyValue] = []
        var deletions: [PodKey] = []
        var unreadableChanged = false
        for event in events {
            let k = event.kv.keyString
            if let have = known[k], have >= event.kv.modRevision { continue }
            switch event.kind {
            case .put:
                known[k] = event.kv.modRevision
                puts.append(event.kv)
            case .delete:
                known[k] = nil
                tombstones[k] = event.kv.modRevision
                if unreadable.removeValue(forKey: k) != nil { unreadableChanged = true }
                if let key = PodKey(etcdKey: k, prefix: store.prefix) { deletions.append(key) }
            }
            revision = max(revision, event.kv.modRevision)
        }
        var rows: [PodRow] = []
        var plans: [PodKey: [PlannedProbe]] = [:]
        for kv in puts {
            switch PodStore.decode(kv, prefix: store.prefix) {
            case .success(let record):
                rows.append(PodRow(record))
                plans[record.key] = ProbePlanner.probes(of: record)
                if unreadable.removeValue(forKey: kv.keyString) != nil { unreadableChanged = true }
            case .failure(let entry):
                unreadable[entry.etcdKey] = entry
                unreadableChanged = true
            }
        }
        guard !rows.isEmpty || !deletions.isEmpty || unreadableChanged else { return nil }
        var delta = SyncDelta(upserts: rows, deletions: deletions, unreadable: unreadableChanged ? sortedUnreadable() : nil,
                              revision: revision, endpoint: endpoint, replacesAll: false, at: now, generation: generation)
        delta.probePlans = plans
        return delta
    }

    /// Decodes values into rows and probe plans in parallel chunks, preserving order.
    static func decode(_ kvs: [KeyValue], prefix: String) async -> ([PodRow], [UnreadableEntry], [PodKey: [PlannedProbe]]) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = max(256, (kvs.count + workers - 1) / workers)
        return await withTaskGroup(of: (Int, [PodRow], [UnreadableEntry], [PodKey: [PlannedProbe]]).self) { group in
            var lower = 0, index = 0
            while lower < kvs.count {
                let upper = min(kvs.count, lower + chunk)
                let slice = kvs[lower..<upper]
                let i = index
                group.addTask {
                    var rows: [PodRow] = [], bad: [UnreadableEntry] = [], plans: [PodKey: [PlannedProbe]] = [:]
                    rows.reserveCapacity(slice.count)
                    for kv in slice {
                        switch PodStore.decode(kv, prefix: prefix) {
                        case .success(let record):
                            rows.append(PodRow(record))
                            let probes = ProbePlanner.probes(of: record)
                            if !probes.isEmpty { plans[record.key] = probes }
                        case .failure(let entry):
                            bad.append(entry)
                        }
                    }
                    return (i, rows, bad, plans)
                }
                lower = upper
                index += 1
            }
            var parts: [(Int, [PodRow], [UnreadableEntry], [PodKey: [PlannedProbe]])] = []
            for await part in group { parts.append(part) }
            parts.sort { $0.0 < $1.0 }
            var rows: [PodRow] = [], bad: [UnreadableEntry] = [], plans: [PodKey: [PlannedProbe]] = [:]
            rows.reserveCapacity(kvs.count)
            for p in parts {
                rows += p.1
                bad += p.2
                plans.merge(p.3) { a, _ in a }
            }
            return (rows, bad, plans)
        }
    }

    private func sortedUnreadable() -> [UnreadableEntry] {
        unreadable.values.sorted { $0.etcdKey < $1.etcdKey }
    }
}

import Etcd
import Foundation
import PodModel
import Probes

/// Keeps the dashboard's copy of the pods in step with etcd, transferring only what changed.
///
/// A full poll lists keys and revisions only (no values), then reads the values of new and
/// changed keys at that same revision; a large change (first load, namespace switch) reads
/// everything in one paged listing instead. Watch events are applied in between. Revisions guard
/// against a slower poll undoing a newer watch event.
///
/// With a healthy watch the periodic poll is a ``check(now:resyncInterval:)`` instead: one
/// single-key read whose header revision says whether anything is missing (see ``SyncCheck``).
///
/// The actor is re-entered while a poll awaits etcd (watch events, a namespace switch); a poll
/// mutates nothing until its last read is back, and then only if its generation is current.
public actor PodSync {
    /// The store.
    public nonisolated let store: PodStore
    /// How probes are planned from the pods read; nil when probes are off (nothing is planned).
    public nonisolated let probeOptions: ProbePlanOptions?
    private var namespace: String?
    private var generation = 0
    private var known = RevisionTable()
    private var tombstones: [String: Int64] = [:]
    private var unreadable: [String: UnreadableEntry] = [:]
    /// Revision of the newest data applied.
    public private(set) var revision: Int64 = 0
    /// The newest revision the watch has vouched for (events or a progress answer).
    public private(set) var watchRevision: Int64 = 0
    /// The revision a progress request was made for and not yet answered (0: none).
    private var progressAsked: Int64 = 0
    /// When the last full listing of this generation completed.
    public private(set) var lastFullList: Date?

    /// Creates a sync for `namespace` (nil = all) at listing `generation`.
    public init(store: PodStore, namespace: String?, probeOptions: ProbePlanOptions? = ProbePlanOptions(), generation: Int = 0) {
        self.store = store
        self.namespace = namespace
        self.probeOptions = probeOptions
        self.generation = generation
    }

    /// Starts over for another namespace.
    public func reset(namespace: String?, generation: Int) {
        self.namespace = namespace
        self.generation = generation
        known = RevisionTable()
        tombstones = [:]
        unreadable = [:]
        revision = 0
        watchRevision = 0
        progressAsked = 0
        lastFullList = nil
    }

    /// The generation of the current listing.
    public var currentGeneration: Int { generation }

    /// The prefix watched and listed.
    public var prefix: String { store.listPrefix(namespace: namespace) }

    /// Keys currently known (readable or not).
    public var knownCount: Int { known.count }

    /// One full poll: keys first, then the values that changed.
    /// - Parameter firstPage: told the first page's rows of a first listing (a `partial`
    ///   delta), so they can be shown while the rest is read.
    public func poll(now: @Sendable () -> Date, firstPage: (@Sendable (SyncDelta) -> Void)? = nil) async throws(EtcdError) -> SyncDelta {
        if revision == 0 { return try await firstLoad(now: now, firstPage: firstPage) }
        let gen = generation
        let options = probeOptions
        let keys = try await store.listKeys(namespace: namespace)
        guard gen == generation else { throw EtcdError(.cancelled, message: "namespace changed") }
        let firstLoad = revision == 0
        var changed: [String] = []
        // Every key listed, to tell which known keys are gone (kept as bytes: a poll without a
        // watch runs every period, and only the gone keys need to become strings).
        var seen = RevisionTable()
        seen.reserveCapacity(keys.kvs.count)
        for kv in keys.kvs {
            let k = kv.keyString
            seen[k] = kv.modRevision
            if let tomb = tombstones[k], tomb > keys.revision { continue }
            if let have = known[k], have >= kv.modRevision { continue }
            changed.append(k)
        }
        let values: RangeResult
        if changed.isEmpty {
            values = RangeResult(kvs: [], revision: keys.revision, endpoint: keys.endpoint)
        } else if firstLoad || changed.count > max(256, keys.kvs.count / 4) {
            values = try await store.etcd.list(prefix: prefix, revision: keys.revision)
        } else {
            values = try await store.etcd.getMany(changed, revision: keys.revision)
        }
        let changedSet = Set(changed)
        let listed = (firstLoad || values.kvs.count != changed.count) ? values.kvs.filter { changedSet.contains($0.keyString) } : values.kvs
        let (rows, bad, plans) = await Self.decode(listed, prefix: store.prefix, options: options)
        // Everything is read: from here on nothing awaits, so the state changes in one step.
        guard gen == generation else { throw EtcdError(.cancelled, message: "namespace changed") }
        // A watch event applied meanwhile may be newer than what this listing read.
        let fresh = listed.filter { kv in known[kv.keyString].map { $0 < kv.modRevision } ?? true }
        let freshKeys = fresh.count == listed.count ? nil : Set(fresh.map(\.keyString))
        var unreadableChanged = false
        var deletions: [PodKey] = []
        let gone = known.entries { key, rev in rev <= keys.revision && seen.revision(utf8: key) == nil }
        for (k, _) in gone {
            known[k] = nil
            if unreadable.removeValue(forKey: k) != nil { unreadableChanged = true }
            if let key = PodKey(etcdKey: k, prefix: store.prefix) { deletions.append(key) }
        }
        for kv in fresh {
            known[kv.keyString] = kv.modRevision
            if unreadable.removeValue(forKey: kv.keyString) != nil { unreadableChanged = true }
        }
        for entry in bad where freshKeys?.contains(entry.etcdKey) ?? true {
            unreadable[entry.etcdKey] = entry
            unreadableChanged = true
        }
        revision = max(revision, keys.revision)
        lastFullList = now()
        let keptRows = freshKeys.map { set in rows.filter { set.contains($0.key.etcdKey(prefix: store.prefix)) } } ?? rows
        var delta = SyncDelta(upserts: keptRows, deletions: deletions,
                              unreadable: unreadableChanged || firstLoad ? sortedUnreadable() : nil,
                              revision: revision, endpoint: keys.endpoint.authority, replacesAll: firstLoad,
                              at: now(), generation: gen)
        delta.probePlans = plans
        return delta
    }

    /// The first listing of a generation: values read page by page, each page decoded into rows
    /// and dropped while the next is read, so no more than two pages of documents are held.
    ///
    /// With `firstPage` (the dashboard), every page but the last is handed over as a `partial`
    /// delta as soon as it is decoded, so the rows are never held twice (here and in the list);
    /// the returned delta carries the last page and completes the listing. Without it, the rows
    /// of every page come back in one delta.
    private func firstLoad(now: @Sendable () -> Date, firstPage: (@Sendable (SyncDelta) -> Void)?) async throws(EtcdError) -> SyncDelta {
        let gen = generation
        let options = probeOptions
        let podPrefix = store.prefix
        var rows: [PodRow] = []
        var plans: [PodKey: [PlannedProbe]] = [:]
        var bad: [UnreadableEntry] = []
        var streamed = false
        var listedRevisions = RevisionTable()
        // Paced by the store: at 100,000 pods, chains that read on buffer rows and their
        // key strings faster than the store takes them (RSS 157 MB instead of 134), for no
        // earlier complete screen.
        let listed = try await store.etcd.listPaged(prefix: prefix, transform: { page in
            (await Self.decode(page.kvs, prefix: podPrefix, options: options), page.kvs.map { ($0.keyString, $0.modRevision) })
        }) { page, decoded in
            let ((fresh, pageBad, pagePlans), revisions) = decoded
            if !streamed && page.more { listedRevisions.reserveCapacity(Int(clamping: page.remaining)) }
            for (key, revision) in revisions { listedRevisions[key] = revision }
            bad.append(contentsOf: pageBad)
            if page.more, let firstPage {
                // More pages follow: show these rows now.
                var partial = SyncDelta(upserts: fresh, deletions: [], unreadable: nil, revision: page.revision,
                                        endpoint: page.endpoint.authority, replacesAll: !streamed, at: now(), generation: gen)
                partial.partial = true
                partial.probePlans = pagePlans
                if !streamed { partial.expectedCount = Int(clamping: page.remaining) }
                streamed = true
                firstPage(partial)
            } else {
                rows.append(contentsOf: fresh)
                plans.merge(pagePlans) { a, _ in a }
            }
        }
        guard gen == generation else { throw EtcdError(.cancelled, message: "namespace changed") }
        // The watch of this generation starts after its first listing, so nothing newer than the
        // listing is known yet; record its revisions.
        if known.count == 0 {
            known = listedRevisions
            known.shrinkToFit()
        } else {
            for (k, rev) in listedRevisions.entries where (known[k] ?? 0) < rev { known[k] = rev }
        }
        for entry in bad where known[entry.etcdKey] == entry.modRevision { unreadable[entry.etcdKey] = entry }
        revision = max(revision, listed.revision)
        lastFullList = now()
        var delta = SyncDelta(upserts: rows, deletions: [], unreadable: sortedUnreadable(), revision: revision,
                              endpoint: listed.endpoint.authority, replacesAll: !streamed, at: now(), generation: gen)
        delta.probePlans = plans
        return delta
    }

    /// The cheap periodic check with a healthy watch: one single-key read whose header carries
    /// the store's revision (etcd 3.4 walks every key of a range even to count it, so neither a
    /// count-only nor a limit-1 range over 100,000 pods is cheap; one key is). Returns what to do.
    /// - Parameter resyncInterval: a full listing is due this long after the last one (zero: never).
    public func check(now: Date, resyncInterval: Duration) async throws(EtcdError) -> SyncCheck {
        let gen = generation
        if let last = lastFullList, resyncInterval > .zero,
           now.timeIntervalSince(last) >= DurationText.seconds(resyncInterval) {
            return .list(reason: "resync interval")
        }
        let current = try await store.etcd.get(prefix)
        guard gen == generation else { throw EtcdError(.cancelled, message: "namespace changed") }
        let vouched = max(revision, watchRevision)
        if current.revision <= vouched {
            progressAsked = 0
            return .inSync(SyncDelta(upserts: [], deletions: [], unreadable: nil, revision: revision,
                                     endpoint: current.endpoint.authority, replacesAll: false, at: now, generation: gen))
        }
        // The store moved past what the listing and the watch have vouched for (often: writes
        // under other prefixes). Ask the watch to prove it is caught up; if the last such question
        // is still unanswered a period later, the watch is stuck.
        if progressAsked > vouched {
            progressAsked = 0
            return .restartWatch(reason: "the watch did not answer a progress request")
        }
        progressAsked = current.revision
        return .askProgress(SyncDelta(upserts: [], deletions: [], unreadable: nil, revision: revision,
                                      endpoint: current.endpoint.authority, replacesAll: false, at: now, generation: gen))
    }

    /// Records the watch's progress answer: everything up to `revision` has been sent.
    public func progress(_ revision: Int64, watchGeneration: Int) {
        guard watchGeneration == generation else { return }
        watchRevision = max(watchRevision, revision)
    }

    /// Forgets what the watch vouched for (a new watch starts from a listing).
    public func watchRestarted() {
        watchRevision = 0
        progressAsked = 0
    }

    /// Applies watch events; nil when nothing new.
    /// - Parameter watchGeneration: the generation the watch was started for; events of an older
    ///   one (a namespace switch raced them) are dropped.
    public func apply(_ events: [WatchEvent], at now: Date, endpoint: String, revision streamRevision: Int64 = 0,
                      watchGeneration: Int? = nil) -> SyncDelta? {
        if let watchGeneration, watchGeneration != generation { return nil }
        watchRevision = max(watchRevision, streamRevision)
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
            switch PodRowDecoder.rowAndProbes(kv, prefix: store.prefix, options: probeOptions) {
            case .success(let (row, probes)):
                rows.append(row)
                if probeOptions != nil { plans[row.key] = probes }
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

    /// Decodes values into rows and probe plans in parallel chunks, preserving order (only pods
    /// that declare probes are decoded in full, see ``PodRowDecoder``).
    static func decode(_ kvs: [KeyValue], prefix: String,
                       options: ProbePlanOptions?) async -> ([PodRow], [UnreadableEntry], [PodKey: [PlannedProbe]]) {
        let workers = Parallelism.workers
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
                        switch PodRowDecoder.rowAndProbes(kv, prefix: prefix, options: options) {
                        case .success(let (row, probes)):
                            rows.append(row)
                            if !probes.isEmpty { plans[row.key] = probes }
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

/// What the periodic check with a healthy watch found.
public enum SyncCheck: Sendable {
    /// Nothing to read: the watch has delivered everything (the delta is empty, with the time).
    case inSync(SyncDelta)
    /// The store moved on, maybe elsewhere: ring the watch's progress alarm.
    case askProgress(SyncDelta)
    /// A full listing is needed (the resync interval passed).
    case list(reason: String)
    /// The watch stopped answering: start a new one from a full listing.
    case restartWatch(reason: String)
}

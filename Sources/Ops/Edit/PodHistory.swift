import Etcd
import PodModel

/// The versions of a pod etcd still holds, newest first.
///
/// etcd keeps old revisions until they are compacted. Starting from the current value, each
/// older version is the value at `mod_revision - 1`, read with a range at that revision; the walk
/// stops at the revision that created the key (a pod deleted and created again is a new key:
/// its earlier life is not followed), at the compaction point, or at `limit` versions.
public struct PodHistory: Sendable, Equatable {
    /// Why the list ends where it does.
    public enum End: Sendable, Equatable {
        /// The oldest version shown created the pod.
        case created(revision: Int64)
        /// Older revisions were compacted away; `revision` is the oldest revision etcd still has.
        case compacted(revision: Int64)
        /// `limit` versions were read; older ones were not.
        case limited(Int)
    }

    /// The pod.
    public var key: PodKey
    /// Versions, newest first; each one's diff is against the next (older) one.
    public var versions: [PodVersion]
    /// Why the list ends.
    public var end: End

    /// Creates a history.
    public init(key: PodKey, versions: [PodVersion], end: End) {
        self.key = key
        self.versions = versions
        self.end = end
    }

    /// One line saying where the history ends.
    public var note: String {
        switch end {
        case .created(let revision):
            return "revision \(revision) created this pod; history stops there (an earlier pod with the same name, deleted before, is not followed)"
        case .compacted(let revision):
            return "history before revision \(revision) was compacted"
        case .limited(let limit):
            return limit == 1 ? "only the newest version is shown; older ones were not read"
                : "only the \(limit) newest versions are shown; older ones were not read"
        }
    }

    /// Reads the history of `key`, at most `limit` versions.
    public static func load(store: PodStore, key: PodKey, limit: Int = 50) async throws(HistoryError) -> PodHistory {
        let etcdKey = key.etcdKey(prefix: store.prefix)
        let first: (kv: KeyValue?, revision: Int64, endpoint: EtcdEndpoint)
        do { first = try await store.etcd.get(etcdKey) } catch { throw .etcd(error) }
        guard let newest = first.kv else { throw .notFound(key) }
        var kvs = [newest]
        var readAt = first.revision
        var end: End
        while true {
            let kv = kvs[kvs.count - 1]
            if kv.modRevision <= kv.createRevision {
                end = .created(revision: kv.createRevision)
                break
            }
            if kvs.count >= max(1, limit) {
                end = .limited(max(1, limit))
                break
            }
            let older: KeyValue?
            do { older = try await store.etcd.get(etcdKey, revision: kv.modRevision - 1).kv } catch {
                guard error.kind == .compacted else { throw .etcd(error) }
                end = .compacted(revision: try await compactionPoint(store: store, key: etcdKey, low: kv.modRevision, high: readAt))
                break
            }
            guard let older, older.createRevision == kv.createRevision else {
                end = .created(revision: kv.createRevision)
                break
            }
            readAt = kv.modRevision - 1
            kvs.append(older)
        }
        let decoded = kvs.map { kv -> (pod: Pod?, problem: String?) in
            switch PodStore.decode(kv, prefix: store.prefix) {
            case .success(let record): return (record.pod, nil)
            case .failure(let entry): return (nil, entry.reason)
            }
        }
        var versions: [PodVersion] = []
        for (i, kv) in kvs.enumerated() {
            var changes: [FieldChange] = []
            var diff = ""
            if i + 1 < kvs.count, let old = decoded[i + 1].pod, let new = decoded[i].pod {
                changes = JSONDiff.changes(from: old.json, to: new.json)
                diff = TextDiff.unified(old: PodYAML.render(old.json), new: PodYAML.render(new.json),
                                        oldLabel: "pod \(key) (revision \(kvs[i + 1].modRevision))",
                                        newLabel: "pod \(key) (revision \(kv.modRevision))")
            }
            versions.append(PodVersion(revision: kv.modRevision, version: kv.version, createRevision: kv.createRevision,
                                       pod: decoded[i].pod, problem: decoded[i].problem, changes: changes, diff: diff))
        }
        return PodHistory(key: key, versions: versions, end: end)
    }

    /// The oldest revision still readable between `low` (a read just below it failed as
    /// compacted) and `high` (read successfully), found by bisection.
    static func compactionPoint(store: PodStore, key: String, low: Int64, high: Int64) async throws(HistoryError) -> Int64 {
        var lo = low, hi = max(low, high)
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            do {
                _ = try await store.etcd.get(key, revision: mid)
                hi = mid
            } catch {
                guard error.kind == .compacted else { throw .etcd(error) }
                lo = mid + 1
            }
        }
        return lo
    }
}

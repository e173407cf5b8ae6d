import Etcd
import PodModel

/// A change to many pods, all or nothing: one etcd transaction compares every pod's
/// `mod_revision` and writes them all at one revision, or writes none.
///
/// On a failed compare the pods that changed come back from the same transaction; a patch is
/// re-applied to them and the whole transaction sent again (the guaranteed-update loop, for many
/// keys), a delete is sent again on their current versions — up to ``retries`` times, after
/// which the outcome names the pods that changed. More pods than one transaction may hold are
/// refused before anything is written unless ``allowChunks`` is set, when they are written in
/// atomic chunks of the allowed size.
public struct BulkOperation: Sendable {
    /// What to do to each pod.
    public var action: BulkAction
    /// Transactions sent again after a failed compare (0: report the conflict at once).
    public var retries: Int
    /// What one transaction may hold.
    public var limits: BulkLimits
    /// Whether to proceed in several transactions when one cannot hold every pod.
    public var allowChunks: Bool
    /// Runs just before the first transaction is sent (tests make another writer act here).
    var beforeCommit: (@Sendable () async -> Void)?

    /// Creates an operation.
    public init(action: BulkAction, retries: Int = 5, limits: BulkLimits = BulkLimits(), allowChunks: Bool = false) {
        self.action = action
        self.retries = max(0, retries)
        self.limits = limits
        self.allowChunks = allowChunks
    }

    /// The pods the change would alter (new versions), those it leaves as they are, and one
    /// line per pod the change would make invalid. Nothing is read or written.
    public func plan(_ records: [PodRecord]) -> (changes: [PodChange], unchanged: [PodKey], invalid: [String]) {
        var changes: [PodChange] = [], unchanged: [PodKey] = [], invalid: [String] = []
        for record in records {
            switch action {
            case .delete:
                changes.append(PodChange(key: record.key, baseRevision: record.modRevision, action: .delete))
            case .patch:
                let changed: Pod
                do { changed = try action.applied(to: record.pod) } catch {
                    invalid.append("pod \(record.key): \(error.description)")
                    continue
                }
                if changed.json == record.pod.json {
                    unchanged.append(record.key)
                    continue
                }
                let errors = PodValidator.validate(changed)
                if !errors.isEmpty {
                    invalid.append(contentsOf: errors.map { "pod \(record.key): \($0.description)" })
                    continue
                }
                changes.append(PodChange(key: record.key, baseRevision: record.modRevision, action: .update(changed)))
            }
        }
        return (changes, unchanged, invalid)
    }

    /// How many transactions `records` need under ``limits`` (after encoding each pod).
    public func transactions(store: PodStore, records: [PodRecord]) async throws(StoreError) -> Int {
        let planned = plan(records)
        let prepared = try await store.conditionalWrites(planned.changes)
        return EtcdClient.transactionChunks(prepared.writes, maxOps: limits.maxOps, maxBytes: limits.maxBytes).count
    }

    /// Changes `records` (the pods as shown) in one transaction, or in chunks when allowed.
    public func run(store: PodStore, records: [PodRecord], readonly: Bool) async -> BulkOutcome {
        var report = BulkReport()
        if readonly { return .failed(ReadOnly.refusal(action == .delete ? "delete" : "patch").description, report: report) }
        var order: [PodKey] = []
        var pending: [PodKey: PodRecord] = [:]
        for record in records where pending[record.key] == nil {
            order.append(record.key)
            pending[record.key] = record
        }
        var sized = false
        while true {
            let planned = plan(order.compactMap { pending[$0] })
            report.unchanged.append(contentsOf: planned.unchanged)
            for key in planned.unchanged { pending[key] = nil }
            if !planned.invalid.isEmpty { return .invalid(planned.invalid, report: report) }
            if planned.changes.isEmpty { return .done(report) }
            var changed: [ChangedPod]
            do {
                let prepared = try await store.conditionalWrites(planned.changes)
                changed = prepared.stale
                if changed.isEmpty {
                    let chunks = EtcdClient.transactionChunks(prepared.writes, maxOps: limits.maxOps, maxBytes: limits.maxBytes)
                    if !sized && chunks.count > 1 && !allowChunks {
                        return .tooLarge(pods: prepared.writes.count, chunks: chunks.count, limits: limits)
                    }
                    if !sized, let beforeCommit { await beforeCommit() }
                    sized = true
                    let keys = Dictionary(planned.changes.map { ($0.key.etcdKey(prefix: store.prefix), $0.key) }, uniquingKeysWith: { a, _ in a })
                    for chunk in chunks {
                        switch try await store.commit(chunk) {
                        case .written(let revision):
                            report.revisions.append(revision)
                            for write in chunk {
                                guard let key = keys[write.key] else { continue }
                                if write.action == .compareOnly { report.unchanged.append(key) } else { report.written.append(key) }
                                pending[key] = nil
                            }
                        case .conflict(let pods):
                            changed = pods
                        }
                        if !changed.isEmpty { break }
                    }
                }
            } catch {
                if error.isOutcomeUnknown && report.conflicts < retries {
                    // Both actions may be sent again: re-read what is left and start over.
                    report.conflicts += 1
                    do {
                        let again = try await store.getMany(order.filter { pending[$0] != nil })
                        for key in again.missing {
                            pending[key] = nil
                            if action == .delete { report.written.append(key) } else { report.gone.append(key) }
                        }
                        for record in again.records { pending[record.key] = record }
                    } catch {
                        return .failed(error.description + "; the last transaction may or may not have landed", report: report)
                    }
                    continue
                }
                if case .notWritable = error { return .invalid([error.description], report: report) }
                return .failed(error.description + (error.isOutcomeUnknown ? "" : "; nothing written by this transaction"), report: report)
            }
            if changed.isEmpty { return .done(report) }
            guard report.conflicts < retries else { return .conflict(changed: changed, report: report) }
            report.conflicts += 1
            for pod in changed {
                if let current = pod.current {
                    pending[pod.key] = current
                } else if pod.currentRevision == nil {
                    pending[pod.key] = nil
                    report.gone.append(pod.key)
                } else {
                    return .failed("pod \(pod.key) changed and is no longer readable; nothing written by this transaction", report: report)
                }
            }
        }
    }
}

extension Array where Element == PodRecord {
    /// These records with the changed pods replaced by their current versions (gone ones
    /// dropped): what a retry on the current versions acts on.
    public func refreshed(with changed: [ChangedPod]) -> [PodRecord] {
        let byKey = Dictionary(changed.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return compactMap { record in
            guard let pod = byKey[record.key] else { return record }
            return pod.current
        }
    }
}

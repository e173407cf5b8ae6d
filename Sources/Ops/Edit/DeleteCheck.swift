import Etcd
import PodModel

/// The check before a confirmed delete: is the pod still at the revision the operator saw?
///
/// The delete itself is `conditionalDelete(_:revision:)` at the shown revision, so a change
/// between this check and the delete is still caught (the transaction fails and returns the pod).
public enum DeleteCheck {
    /// The answer.
    public enum Result: Sendable, Equatable {
        /// Still at the shown revision: delete at that revision.
        case unchanged(PodRecord)
        /// It changed since it was shown (nil: it is gone); the diff shows what changed, from the
        /// shown version (when etcd still has it) to the current one.
        case changed(current: PodRecord?, diff: String)
    }

    /// Compares the pod now with the version shown at `shownRevision`.
    public static func verify(store: PodStore, key: PodKey, shownRevision: Int64) async throws(StoreError) -> Result {
        let current = try await store.get(key)
        if let current, current.modRevision == shownRevision { return .unchanged(current) }
        var shown: PodRecord?
        do { shown = try await store.get(key, revision: shownRevision) } catch {
            if case .etcd(let e) = error, e.kind == .compacted {
                shown = nil
            } else if case .unreadable = error {
                shown = nil
            } else {
                throw error
            }
        }
        let label = "pod \(key)"
        let old = shown.map { PodYAML.render($0.pod.json) } ?? ""
        let new = current.map { PodYAML.render($0.pod.json) } ?? ""
        var diff = TextDiff.unified(old: old, new: new,
                                    oldLabel: shown == nil ? "\(label) (revision \(shownRevision), no longer kept)" : "\(label) (revision \(shownRevision), shown)",
                                    newLabel: current.map { "\(label) (revision \($0.modRevision), now)" } ?? "\(label) (deleted)")
        if diff.isEmpty, let current {
            diff = "pod \(key) was written again at revision \(current.modRevision) with the same content\n"
        }
        return .changed(current: current, diff: diff)
    }

    /// Deletes the pod only if it is still at `revision`.
    public static func delete(store: some PodWrites, key: PodKey, revision: Int64, readonly: Bool) async -> DeleteOutcome {
        if readonly { return .failed(ReadOnly.refusal("delete").description) }
        switch await store.conditionalDelete(key, revision: revision) {
        case .deleted(let at): return .deleted(revision: at)
        case .changed(let current, _): return .changed(current)
        case .absent: return .alreadyGone
        case .unreadable(let entry, _): return .unreadable(entry)
        case .outcomeUnknown(let error): return .failed(error.description)
        case .failed(let error): return .failed(error.description + "; nothing deleted")
        }
    }
}

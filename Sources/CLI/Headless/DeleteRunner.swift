import Etcd
import Foundation
import Ops
import PodModel

/// `poddeck delete pod NS/NAME [--resource-version N]`: deletes only if the pod is still at the
/// given revision (or at the revision just read).
public enum DeleteRunner {
    /// Deletes the pod at `key`.
    public static func run(store: PodStore, key: PodKey, resourceVersion: Int64?, readonly: Bool,
                           console: Console) async throws(CommandFailure) {
        if readonly { throw ReadOnly.refusal("delete") }
        switch await store.conditionalDelete(key, revision: resourceVersion) {
        case .deleted:
            console.out("pod \"\(key.name)\" deleted (namespace \(key.namespace))")
        case .absent:
            throw CommandFailure(.notFound, "pod \(key) not found")
        case .changed(let current, let expected):
            throw CommandFailure(.conflict, "conflict: pod \(key) is at revision \(current.modRevision), not \(expected); nothing deleted")
        case .unreadable(let entry, let expected):
            throw CommandFailure(.conflict, [
                Sanitize.line(entry.line(for: key)) + "; it is not at revision \(expected); nothing deleted",
                "to delete the value as it is: poddeck delete pod \(Sanitize.line(key.description)) --resource-version \(entry.modRevision)",
            ])
        case .outcomeUnknown(let error), .failed(let error):
            throw CommandFailure(.runtime, error.description)
        }
    }
}

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
        var base = resourceVersion
        if base == nil {
            do {
                guard let record = try await store.get(key) else {
                    throw CommandFailure(.notFound, "pod \(key) not found")
                }
                base = record.modRevision
            } catch let error as StoreError {
                if case .unreadable(let entry) = error {
                    base = entry.modRevision
                } else {
                    throw CommandFailure(.runtime, error.description)
                }
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(.runtime, "\(error)")
            }
        }
        guard let base else { throw CommandFailure(.notFound, "pod \(key) not found") }
        do {
            switch try await store.delete(key, baseRevision: base) {
            case .written:
                console.out("pod \"\(key.name)\" deleted (namespace \(key.namespace))")
            case .conflict(nil, _):
                throw CommandFailure(.notFound, "pod \(key) not found")
            case .conflict(let current?, _):
                throw CommandFailure(.conflict, "conflict: pod \(key) is at revision \(current.modRevision), not \(base); nothing deleted")
            }
        } catch let error as EtcdError {
            throw CommandFailure(.runtime, error.description)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.runtime, "\(error)")
        }
    }
}

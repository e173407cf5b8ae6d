import Etcd
import Foundation
import Ops
import PodModel

/// `poddeck patch pod NS/NAME --merge JSON`: an RFC 7386 merge patch applied atomically and
/// re-applied on a conflict to the current object (returned by the failed transaction, no
/// second read), up to `retries` times — the apiserver's guaranteed update.
public enum PatchRunner {
    /// Applies `patchText` to the pod at `key`.
    public static func run(store: PodStore, key: PodKey, patchText: String, retries: Int, readonly: Bool,
                           console: Console) async throws(CommandFailure) {
        let patch: JSONValue
        do { patch = try JSONParser.parse(patchText) } catch {
            throw CommandFailure(.usage, "--merge: not valid JSON: \(error.description)")
        }
        guard case .object = patch else {
            throw CommandFailure(.usage, "--merge: a merge patch must be a JSON object, e.g. '{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}'")
        }
        if readonly { throw ReadOnly.refusal("patch") }
        var record: PodRecord?
        do { record = try await store.get(key) } catch { throw CommandFailure(.runtime, error.description) }
        var attempts = 0
        while true {
            guard let current = record else {
                throw CommandFailure(.notFound, "pod \(key) not found")
            }
            var pod = current.pod
            pod.json = MergePatch.apply(patch, to: current.pod.json)
            if pod.json == current.pod.json {
                console.out("pod/\(key.name) patched (no change)")
                return
            }
            if pod.name != key.name || pod.namespace != key.namespace {
                throw CommandFailure(.invalid, "the patch changes metadata.name or metadata.namespace, which would make a different pod; nothing written")
            }
            if let failure = DocumentInput.validationFailure(pod, source: "patched pod \(key)") { throw failure }
            do {
                switch try await store.update(key, pod: pod, baseRevision: current.modRevision) {
                case .written(let revision):
                    let note = attempts > 0 ? " after \(attempts) conflict\(attempts == 1 ? "" : "s")" : ""
                    console.out("pod/\(key.name) patched (revision \(revision))\(note)")
                    return
                case .conflict(let now, _):
                    attempts += 1
                    guard attempts <= retries else {
                        throw CommandFailure(.conflict, "conflict: pod \(key) changed \(attempts) times while patching (--retries \(retries)); nothing written")
                    }
                    if now == nil {
                        throw CommandFailure(.notFound, "pod \(key) was deleted while patching; nothing written")
                    }
                    record = now
                }
            } catch let error as StoreError {
                if error.isOutcomeUnknown && attempts < retries {
                    // A merge patch is idempotent: read the pod again and re-apply.
                    attempts += 1
                    do { record = try await store.get(key) } catch { throw CommandFailure(.runtime, error.description) }
                    continue
                }
                if case .notWritable = error { throw CommandFailure(.invalid, error.description + "; nothing written") }
                throw CommandFailure(.runtime, error.description)
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure(.runtime, "\(error)")
            }
        }
    }
}

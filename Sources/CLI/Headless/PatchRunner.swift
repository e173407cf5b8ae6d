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
        enum Stop: Sendable {
            case unchanged
            case refused(CommandFailure)
        }
        let outcome = await store.guaranteedUpdate(key, retries: retries) { current -> UpdateStep<Stop> in
            var pod = current.pod
            pod.json = MergePatch.apply(patch, to: current.pod.json)
            if pod.json == current.pod.json { return .stop(.unchanged) }
            if pod.name != key.name || pod.namespace != key.namespace {
                return .stop(.refused(CommandFailure(.invalid, "the patch changes metadata.name or metadata.namespace, which would make a different pod; nothing written")))
            }
            if let failure = DocumentInput.validationFailure(pod, source: "patched pod \(key)") { return .stop(.refused(failure)) }
            return .write(pod)
        }
        switch outcome {
        case .saved(let revision):
            console.out("pod/\(key.name) patched (revision \(revision))")
        case .merged(let revision, let conflicts):
            console.out("pod/\(key.name) patched (revision \(revision)) after \(conflicts) conflict\(conflicts == 1 ? "" : "s")")
        case .stopped(.unchanged, _):
            console.out("pod/\(key.name) patched (no change)")
        case .stopped(.refused(let failure), _):
            throw failure
        case .conflict(_, let attempts):
            throw CommandFailure(.conflict, "conflict: pod \(key) changed \(attempts) times while patching (--retries \(retries)); nothing written")
        case .deleted(meanwhile: false):
            throw CommandFailure(.notFound, "pod \(key) not found")
        case .deleted(meanwhile: true):
            throw CommandFailure(.notFound, "pod \(key) was deleted while patching; nothing written")
        case .unreadable(let entry):
            throw CommandFailure(.runtime, Sanitize.line(entry.line(for: key)) + "; nothing written")
        case .outcomeUnknown(let error):
            throw CommandFailure(.runtime, error.description)
        case .failed(let error):
            if case .notWritable = error { throw CommandFailure(.invalid, error.description + "; nothing written") }
            throw CommandFailure(.runtime, error.description)
        }
    }
}

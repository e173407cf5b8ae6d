import Etcd
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KubeStorage
import Ops
import PodModel

/// `poddeck apply -f FILE|-`: create when absent; with `metadata.resourceVersion`, update only
/// at that revision; without it, write unconditionally. A document that matches the stored pod
/// is not written (`pod/NAME unchanged`); like the apiserver, an update keeps the stored
/// `metadata.uid` (when the document has none) and `metadata.creationTimestamp`.
public enum ApplyRunner {
    /// Applies the document in `text` (read from `source`).
    public static func run(store: PodStore, text: String, source: String, defaultNamespace: String,
                           readonly: Bool, console: Console, encoding: StorageEncoding? = nil,
                           now: Date = Date()) async throws(CommandFailure) {
        var pod = try DocumentInput.parsePod(text, source: source)
        if pod.namespace == nil {
            pod.json.set(.string(defaultNamespace), at: ["metadata", "namespace"])
        }
        if let failure = DocumentInput.validationFailure(pod, source: source) { throw failure }
        guard let name = pod.name, let namespace = pod.namespace else {
            throw CommandFailure(.invalid, "\(source): metadata.name is required")
        }
        if readonly { throw ReadOnly.refusal("apply") }
        let key = PodKey(namespace: namespace, name: name)
        do {
            if let base = pod.resourceVersion {
                // An object that would be written as it is stored is not written at all.
                var current: PodRecord?
                do { current = try await store.get(key) } catch {
                    if case .etcd = error { throw error }
                }
                if let current {
                    pod = PodDefaults.keepingServerFields(pod, from: current.pod)
                    if current.modRevision == base && pod.json.isEquivalent(to: current.pod.json) {
                        console.out("pod/\(name) unchanged")
                        return
                    }
                }
                switch try await store.update(key, pod: pod, baseRevision: base) {
                case .written(let revision):
                    console.out("pod/\(name) configured (revision \(revision))")
                case .conflict(.pod(let current), _):
                    throw CommandFailure(.conflict, [
                        "conflict: pod \(key) is at revision \(current.modRevision), not \(base) (the resourceVersion in \(source)); nothing written",
                        "re-read it with `poddeck get pod \(key) -o yaml`, or remove metadata.resourceVersion to overwrite",
                    ])
                case .conflict(.absent, _):
                    throw CommandFailure(.conflict, "conflict: pod \(key) no longer exists (\(source) has resourceVersion \(base)); nothing written; remove metadata.resourceVersion to create it")
                case .conflict(.unreadable(let entry), _):
                    throw CommandFailure(.conflict, [
                        "conflict: " + Sanitize.line(entry.line(for: key)) + " (\(source) has resourceVersion \(base)); nothing written",
                        "remove metadata.resourceVersion to replace it",
                    ])
                }
                return
            }
            var fresh = pod
            PodDefaults.fillOnCreate(&fresh, now: now)
            let current: PodRecord?
            switch await store.conditionalCreate(key, pod: fresh, encoding: encoding) {
            case .created(let revision):
                console.out("pod/\(name) created (revision \(revision))")
                return
            case .exists(let record):
                current = record
            case .unreadable:
                // Not a pod: replaced, as an apply without a resourceVersion replaces anything.
                current = nil
            case .outcomeUnknown(let error), .failed(let error):
                throw error
            }
            if let current {
                pod = PodDefaults.keepingServerFields(pod, from: current.pod)
                if pod.json.isEquivalent(to: current.pod.json) {
                    console.out("pod/\(name) unchanged")
                    return
                }
            }
            let revision = try await store.put(key, pod: pod, encoding: encoding)
            console.out("pod/\(name) configured (revision \(revision))")
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as StoreError {
            if case .notWritable = error { throw CommandFailure(.invalid, error.description + "; nothing written") }
            throw CommandFailure(.runtime, error.description)
        } catch {
            throw CommandFailure(.runtime, "\(error)")
        }
    }
}

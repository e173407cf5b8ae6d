import Etcd
import KubeStorage
import PodModel

extension PodWrites {
    /// The apiserver's guaranteed update: makes `mutate`'s change on the pod and writes it with
    /// a compare-and-swap on the revision it was made on. When the pod changed meanwhile, the
    /// failed transaction returns it (no second read) and the change is made again on it, up to
    /// `retries` times.
    ///
    /// `mutate` sees `start` first (the pod as the caller last saw it; read now when nil), then
    /// each version a failed compare returns. When the answer to a write is lost (the connection
    /// broke after sending it), the same compare-and-swap is sent again, up to
    /// `lostAnswerRetries` times: it lands now, or returns the pod as it is — which is the write
    /// itself when it had landed.
    public func guaranteedUpdate<Stop: Sendable>(_ key: PodKey, from start: PodRecord? = nil, retries: Int = 5,
                                                 lostAnswerRetries: Int = 3,
                                                 mutate: (PodRecord) -> UpdateStep<Stop>) async -> UpdateOutcome<Stop> {
        var current: PodRecord
        if let start {
            current = start
        } else {
            do {
                guard let record = try await get(key, revision: 0) else { return .deleted(meanwhile: false) }
                current = record
            } catch {
                if case .unreadable(let entry) = error { return .unreadable(entry) }
                return .failed(error)
            }
        }
        var conflicts = 0
        var lostAnswers = 0
        while true {
            let pod: Pod
            switch mutate(current) {
            case .stop(let stop): return .stopped(stop, conflicts: conflicts)
            case .write(let changed): pod = changed
            }
            var uncertain = false
            var outcome: WriteOutcome
            while true {
                do {
                    outcome = try await update(key, pod: pod, baseRevision: current.modRevision)
                    break
                } catch {
                    guard error.isOutcomeUnknown else { return .failed(error) }
                    guard lostAnswers < lostAnswerRetries else { return .outcomeUnknown(error) }
                    lostAnswers += 1
                    uncertain = true
                }
            }
            switch outcome {
            case .written(let revision):
                return conflicts == 0 ? .saved(revision: revision) : .merged(revision: revision, conflicts: conflicts)
            case .conflict(.absent, _):
                return .deleted(meanwhile: true)
            case .conflict(.unreadable(let entry), _):
                return .unreadable(entry)
            case .conflict(.pod(let now), _):
                if uncertain && now.pod.storageBytes() == pod.storageBytes() {
                    // The write whose answer was lost had landed.
                    return conflicts == 0 ? .saved(revision: now.modRevision) : .merged(revision: now.modRevision, conflicts: conflicts)
                }
                conflicts += 1
                guard conflicts <= retries else { return .conflict(current: now, attempts: conflicts) }
                current = now
            }
        }
    }

    /// Creates the pod only if nothing is stored under its key (one transaction comparing
    /// `create_revision == 0`). A lost answer is settled as in a guaranteed update: the create
    /// is sent again, and a pod found there that is this one means it had landed. `encoding` nil:
    /// that of the namespace's pods.
    public func conditionalCreate(_ key: PodKey, pod: Pod, encoding: StorageEncoding? = nil,
                                  lostAnswerRetries: Int = 3) async -> CreateOutcome {
        var lostAnswers = 0
        var uncertain = false
        while true {
            let outcome: WriteOutcome
            do { outcome = try await create(key, pod: pod, encoding: encoding) } catch {
                guard error.isOutcomeUnknown else { return .failed(error) }
                guard lostAnswers < lostAnswerRetries else { return .outcomeUnknown(error) }
                lostAnswers += 1
                uncertain = true
                continue
            }
            switch outcome {
            case .written(let revision):
                return .created(revision: revision)
            case .conflict(.pod(let current), _):
                if uncertain && current.pod.storageBytes() == pod.storageBytes() { return .created(revision: current.modRevision) }
                return .exists(current)
            case .conflict(.unreadable(let entry), _):
                return .unreadable(entry)
            case .conflict(.absent, _):
                // The compare is only that the key is absent, so it fails only when it is not;
                // a store that answers otherwise is not to be trusted with a write.
                return .failed(.etcd(EtcdError(.server, key: key.description,
                                               message: "the create was refused although nothing is stored under the key",
                                               hint: "try again")))
            }
        }
    }

    /// Deletes the pod only if it is still at `revision`; with no revision, at the revision it is
    /// read at now (a value that is not a readable pod included: deleting is how it is cleared).
    public func conditionalDelete(_ key: PodKey, revision: Int64?) async -> ConditionalDeleteOutcome {
        let base: Int64
        if let revision {
            base = revision
        } else {
            do {
                guard let record = try await get(key, revision: 0) else { return .absent }
                base = record.modRevision
            } catch {
                guard case .unreadable(let entry) = error else { return .failed(error) }
                base = entry.modRevision
            }
        }
        do {
            switch try await delete(key, baseRevision: base) {
            case .written(let at): return .deleted(revision: at)
            case .conflict(.pod(let current), _): return .changed(current: current, expected: base)
            case .conflict(.absent, _): return .absent
            case .conflict(.unreadable(let entry), _): return .unreadable(entry, expected: base)
            }
        } catch {
            return error.isOutcomeUnknown ? .outcomeUnknown(error) : .failed(error)
        }
    }
}

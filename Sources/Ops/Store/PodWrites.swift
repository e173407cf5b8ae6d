import Etcd
import PodModel

/// The two writes an edit makes: the pod store in production; tests interpose on it to make
/// another writer act between a save's transactions.
protocol PodWrites: Sendable {
    /// Updates the pod only if it is still at `baseRevision`.
    func update(_ key: PodKey, pod: Pod, baseRevision: Int64) async throws(StoreError) -> WriteOutcome
    /// Creates the pod only if no key exists for it.
    func create(_ key: PodKey, pod: Pod) async throws(StoreError) -> WriteOutcome
}

extension PodStore: PodWrites {
    func create(_ key: PodKey, pod: Pod) async throws(StoreError) -> WriteOutcome {
        try await create(key, pod: pod, encoding: nil)
    }
}

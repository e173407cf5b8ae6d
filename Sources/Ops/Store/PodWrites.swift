import Etcd
import KubeStorage
import PodModel

/// One attempt at reading or writing one pod: the store's compare-and-swap primitives, which
/// ``guaranteedUpdate(_:from:retries:mutate:)``, ``conditionalCreate(_:pod:)`` and
/// ``conditionalDelete(_:revision:)`` repeat and interpret. The pod store in production; tests
/// interpose on it to make another writer act between attempts, or to lose an answer.
public protocol PodWrites: Sendable {
    /// Reads one pod (nil when absent); an unreadable value throws ``StoreError/unreadable(_:)``.
    func get(_ key: PodKey, revision: Int64) async throws(StoreError) -> PodRecord?
    /// Updates the pod only if it is still at `baseRevision`.
    func update(_ key: PodKey, pod: Pod, baseRevision: Int64) async throws(StoreError) -> WriteOutcome
    /// Creates the pod only if no key exists for it, in `encoding` (nil: that of its namespace's pods).
    func create(_ key: PodKey, pod: Pod, encoding: StorageEncoding?) async throws(StoreError) -> WriteOutcome
    /// Deletes the pod only if it is still at `baseRevision`.
    func delete(_ key: PodKey, baseRevision: Int64) async throws(StoreError) -> WriteOutcome
}

extension PodStore: PodWrites {}

import Foundation
import Ops
import PodModel
import TestSupport

/// A real etcd with a pod store on it, for tests of the operations and the front ends.
public struct StoreFixture: Sendable {
    /// The etcd server (stopped by ``close()``).
    public let etcd: EtcdServer
    /// A store on it, made as the commands make theirs (settings resolved, then connected).
    public let store: PodStore

    /// Starts etcd and connects; `flags` are extra settings by config key (e.g. `pageSize`).
    public static func start(flags: [String: String] = [:], environment: [String: String] = [:]) async throws -> StoreFixture {
        let etcd = try await EtcdServer.start()
        do {
            let all = ["endpoints": etcd.clientURL, "dialTimeout": "10s", "timeout": "20s"].merging(flags) { _, given in given }
            let settings = try SettingsResolver.resolve(flags: all, environment: environment, configPath: nil)
            let client = try EtcdConnector.client(settings, environment: environment, prompt: nil, warn: { _ in })
            return StoreFixture(etcd: etcd, store: PodStore(etcd: client, prefix: settings.prefix))
        } catch {
            etcd.stop()
            throw error
        }
    }

    /// Stores `yaml` as the pod and returns it as read back.
    @discardableResult
    public func seed(_ yaml: String) async throws -> PodRecord {
        let pod = try Pod(userDocument: try DocumentReader.read(yaml))
        let key = PodKey(namespace: pod.namespace ?? "default", name: pod.name ?? "")
        _ = try await store.put(key, pod: pod)
        guard let record = try await store.get(key) else { throw TestSupportError("seeded pod \(key) is missing") }
        return record
    }

    /// Closes the store's client and stops etcd.
    public func close() async {
        await store.etcd.close()
        etcd.stop()
    }
}

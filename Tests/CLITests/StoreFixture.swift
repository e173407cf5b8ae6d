import Foundation
import Ops
import PodModel
import TestSupport

/// A real etcd with a pod store on it.
struct StoreFixture {
    let etcd: EtcdServer
    let store: PodStore

    static func start() async throws -> StoreFixture {
        let etcd = try await EtcdServer.start()
        do {
            let settings = try SettingsResolver.resolve(flags: ["endpoints": etcd.clientURL, "dialTimeout": "10s", "timeout": "20s"],
                                                        environment: [:], configPath: nil)
            let client = try EtcdConnector.client(settings, environment: [:], prompt: nil, warn: { _ in })
            return StoreFixture(etcd: etcd, store: PodStore(etcd: client, prefix: settings.prefix))
        } catch {
            etcd.stop()
            throw error
        }
    }

    /// Stores `yaml` as the pod and returns it as read back.
    @discardableResult
    func seed(_ yaml: String) async throws -> PodRecord {
        let pod = try Pod(userDocument: try DocumentReader.read(yaml))
        let key = PodKey(namespace: pod.namespace ?? "default", name: pod.name ?? "")
        _ = try await store.put(key, pod: pod)
        guard let record = try await store.get(key) else { throw TestSupportError("seeded pod \(key) is missing") }
        return record
    }

    func close() async {
        await store.etcd.close()
        etcd.stop()
    }
}

@testable import Ops
import Foundation
import KubeStorage
import PodModel
import Testing
import TestSupport

/// Quick patches and rollbacks of a pod stored as the apiserver's protobuf: written back as
/// protobuf through the same compare-and-swap, with the fields the schema does not know.
@Suite("protobuf pods: quick patches and rollback against a real etcd", .serialized)
struct ProtobufWriteTests {
    let key = PodKey(namespace: "default", name: "web-new")

    /// The stored value and the field numbers the schema does not know, found by the Python runtime.
    func stored(_ f: EditFixture) async throws -> (bytes: [UInt8], unknown: [String]) {
        let bytes = try await f.etcd.etcdctl(["get", key.etcdKey(prefix: "/registry"), "--print-value-only"]).stdoutBytes
        // etcdctl ends the value with a newline.
        let value = Array(bytes.dropLast())
        let view = try await KubeProtoPython.decode(value)
        let unknown = ((view["unknown"] as? [[String: Any]]) ?? []).map { "\($0["path"]!)#\($0["number"]!)" }.sorted()
        return (value, unknown)
    }

    @Test func quickPatchAndRollbackKeepTheEncodingAndUnknownFields() async throws {
        let f = try await EditFixture.start()
        let fixtures = try await KubeProtoPython.namedFixtures()
        let fixture = try #require(fixtures["pod-unknown-fields"])
        let put = try await f.etcd.etcdctl(["put", key.etcdKey(prefix: "/registry")], stdin: fixture)
        #expect(put.status == 0)
        let (_, unknownBefore) = try await stored(f)
        #expect(unknownBefore.count == 5)

        let record = try #require(try await f.store.get(key))
        #expect(record.encoding == .protobuf)
        let patched = await QuickPatch.setImage(container: "web", image: "nginx:1.26").apply(store: f.store, key: key)
        guard case .patched = patched else { Issue.record("\(patched)"); await f.close(); return }
        var now = try await stored(f)
        #expect(now.bytes.starts(with: StoredValueFormat.protobufMagic))
        #expect(now.unknown == unknownBefore)
        #expect(try #require(try await f.store.get(key)).pod.containers.first?.image == "nginx:1.26")

        // The same change again writes nothing.
        let again = await QuickPatch.setImage(container: "web", image: "nginx:1.26").apply(store: f.store, key: key)
        guard case .unchanged = again else { Issue.record("\(again)"); await f.close(); return }

        // Roll back to the first version, as an edit.
        let history = try await PodHistory.load(store: f.store, key: key)
        let oldest = try #require(history.versions.last)
        var session = try await EditSession.rollback(store: f.store, key: key, to: oldest, environment: f.environment)
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        guard case .saved = await session.save(pod) else { Issue.record("rollback not saved"); await f.close(); return }
        now = try await stored(f)
        #expect(now.bytes.starts(with: StoredValueFormat.protobufMagic))
        #expect(now.unknown == unknownBefore)
        #expect(try #require(try await f.store.get(key)).pod.containers.first?.image == "nginx:1.25")
        _ = session.finish()
        await f.close()
    }
}

import Foundation
import Testing
import TestSupport

/// `poddeck apply` of a document that matches the stored pod writes nothing.
@Suite("poddeck apply: unchanged documents", .serialized)
struct ApplyCommandTests {
    /// The stored value of `key` as a JSON object.
    func stored(_ etcd: EtcdServer, _ key: String) async throws -> [String: Any] {
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        return try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
    }

    @Test func applyingWhatIsStoredWritesNoRevision() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "same-\(UInt32.random(in: 0...UInt32.max))"
        let key = "/registry/pods/\(ns)/web"
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(created.status == 0, "\(created.stderr)")
        let first = try #require(try await keyRevision(etcd, key))
        let metadata = try #require(try await stored(etcd, key)["metadata"] as? [String: Any])
        let uid = try #require(metadata["uid"] as? String)
        let createdAt = try #require(metadata["creationTimestamp"] as? String)

        // The same file again (no resourceVersion, no uid): unchanged, the key does not move.
        let again = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "pod/web unchanged\n")
        #expect(try await keyRevision(etcd, key)?.mod == first.mod)

        // What `get` prints (with its resourceVersion), applied back as YAML and as JSON: unchanged.
        for format in ["yaml", "json"] {
            let printed = try await poddeck(etcd, ["get", "pod", "\(ns)/web", "-o", format]).stdout
            let back = try await poddeck(etcd, ["apply", "-f", "-"], stdin: printed)
            #expect(back.status == 0, "\(back.stderr)")
            #expect(back.stdout == "pod/web unchanged\n", "\(format)")
            #expect(try await keyRevision(etcd, key)?.mod == first.mod, "\(format)")
        }

        // A change is written, and the pod keeps the uid and creation time it was created with.
        let changed = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc.replacingOccurrences(of: "nginx:1.25", with: "nginx:1.27"))
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.hasPrefix("pod/web configured (revision "))
        #expect(try #require(try await keyRevision(etcd, key)).mod > first.mod)
        let now = try #require(try await stored(etcd, key)["metadata"] as? [String: Any])
        #expect(now["uid"] as? String == uid)
        #expect(now["creationTimestamp"] as? String == createdAt)
    }
}

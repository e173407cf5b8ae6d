import Foundation
import Testing
import TestSupport

/// `poddeck delete|label|annotate` on many pods: one transaction each, against a real etcd.
@Suite("poddeck bulk commands: one transaction for many pods", .serialized)
struct BulkCommandTests {
    static func pod(_ namespace: String, _ name: String, app: String) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","labels":{"app":"\#(app)"}},"spec":{"containers":[{"name":"c","image":"nginx:1.25"}]},"status":{"phase":"Running"}}"#
    }

    /// Every pod key under `/registry/pods/<namespace>/` with its `mod_revision`.
    static func revisions(_ etcd: EtcdServer, _ namespace: String) async throws -> [String: Int64] {
        let result = try await etcd.etcdctl(["get", "--prefix", "/registry/pods/\(namespace)/", "--keys-only", "-w", "json"])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestSupportError("etcdctl get failed: \(result.stderr)")
        }
        var out: [String: Int64] = [:]
        for kv in object["kvs"] as? [[String: Any]] ?? [] {
            guard let key64 = kv["key"] as? String, let keyData = Data(base64Encoded: key64) else { continue }
            let name = String(decoding: keyData, as: UTF8.self).split(separator: "/").last.map(String.init) ?? ""
            out[name] = (kv["mod_revision"] as? NSNumber)?.int64Value
        }
        return out
    }

    static func seed(_ etcd: EtcdServer, _ namespace: String, _ pods: [(String, String)]) async throws {
        for (name, app) in pods { try await etcd.put("/registry/pods/\(namespace)/\(name)", pod(namespace, name, app: app)) }
    }

    @Test func labelAnnotateAndDeleteWriteEveryPodAtOneRevision() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await Self.seed(etcd, "bulk", [("api-1", "api"), ("api-2", "api"), ("api-3", "api"), ("web-1", "web"), ("web-2", "web")])
        try await Self.seed(etcd, "other", [("api-9", "api")])
        let before = try await Self.revisions(etcd, "bulk")

        let labeled = try await poddeck(etcd, ["label", "pods", "-n", "bulk", "-l", "app=api", "tier=back", "team=core"])
        #expect(labeled.status == 0, "\(labeled.stderr)")
        #expect(labeled.stdout.contains("pod/api-1 labeled (namespace bulk)"), "\(labeled.stdout)")
        #expect(labeled.stdout.contains("3 pods labeled in one transaction at revision"), "\(labeled.stdout)")
        let afterLabel = try await Self.revisions(etcd, "bulk")
        let apiRevisions = Set(["api-1", "api-2", "api-3"].compactMap { afterLabel[$0] })
        #expect(apiRevisions.count == 1, "every labeled pod at one revision: \(afterLabel)")
        #expect(afterLabel["web-1"] == before["web-1"] && afterLabel["web-2"] == before["web-2"], "unselected pods untouched")
        let tiers = try await poddeck(etcd, ["get", "pods", "-A", "-l", "tier=back,team=core", "-o", "name"])
        #expect(tiers.stdout == "bulk/api-1\nbulk/api-2\nbulk/api-3\n", "\(tiers.stdout)")

        let annotated = try await poddeck(etcd, ["annotate", "pods", "-A", "-l", "app=api", "note=hello world"])
        #expect(annotated.status == 0, "\(annotated.stderr)")
        #expect(annotated.stdout.contains("4 pods annotated in one transaction"), "\(annotated.stdout)")
        let bulkNow = try await Self.revisions(etcd, "bulk"), otherNow = try await Self.revisions(etcd, "other")
        #expect(Set(["api-1", "api-2", "api-3"].compactMap { bulkNow[$0] } + [otherNow["api-9"] ?? -1]).count == 1)
        let json = try await poddeck(etcd, ["get", "pod", "other/api-9", "-o", "json"])
        #expect(json.stdout.contains(#""note": "hello world""#), "\(json.stdout)")

        let removed = try await poddeck(etcd, ["label", "pod", "api-1", "bulk/api-2", "-n", "bulk", "team-"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("2 pods labeled in one transaction"), "\(removed.stdout)")

        let dry = try await poddeck(etcd, ["label", "pods", "-n", "bulk", "-l", "app=web", "tier=front", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("pod/web-1 labeled (namespace bulk) (dry run, revision"), "\(dry.stdout)")
        #expect(dry.stdout.contains("label tier: (none) → front"), "\(dry.stdout)")
        #expect(dry.stdout.contains("2 pods would be labeled in one transaction; nothing written (dry run)"), "\(dry.stdout)")
        let afterDry = try await Self.revisions(etcd, "bulk")
        #expect(afterDry["web-1"] == before["web-1"] && afterDry["web-2"] == before["web-2"], "a dry run writes nothing")

        let unchanged = try await poddeck(etcd, ["label", "pods", "-n", "bulk", "-l", "app=api", "app=api"])
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout.contains("pod/api-3 unchanged"), "\(unchanged.stdout)")
        #expect(try await Self.revisions(etcd, "bulk") == afterDry, "a change that changes nothing writes nothing")

        let missing = try await poddeck(etcd, ["delete", "pod", "web-1", "ghost", "-n", "bulk"])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("pod not found: bulk/ghost; nothing written"), "\(missing.stderr)")
        #expect(try await Self.revisions(etcd, "bulk")["web-1"] != nil)

        let deleted = try await poddeck(etcd, ["delete", "pods", "-n", "bulk", "-l", "app=api"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains(#"pod "api-2" deleted (namespace bulk)"#), "\(deleted.stdout)")
        #expect(deleted.stdout.contains("3 pods deleted in one transaction at revision"), "\(deleted.stdout)")
        #expect(try await Self.revisions(etcd, "bulk").keys.sorted() == ["web-1", "web-2"])
        #expect(try await Self.revisions(etcd, "other").keys.sorted() == ["api-9"], "-n keeps to its namespace")

        let named = try await poddeck(etcd, ["delete", "pod", "bulk/web-1", "bulk/web-2"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("2 pods deleted in one transaction"), "\(named.stdout)")
        #expect(try await Self.revisions(etcd, "bulk").isEmpty)
    }

    @Test func moreThanOneTransactionHoldsNeedsChunkAndReadonlyRefuses() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await Self.seed(etcd, "big", (1...5).map { ("p\($0)", "api") })
        let before = try await Self.revisions(etcd, "big")

        let refused = try await poddeck(etcd, ["label", "pods", "-n", "big", "-l", "app=api", "tier=x", "--max-txn-ops", "2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("5 pods need 3 transactions"), "\(refused.stderr)")
        #expect(refused.stderr.contains("pass --chunk"), "\(refused.stderr)")
        #expect(try await Self.revisions(etcd, "big") == before, "nothing written before the operator agrees")

        let readonly = try await poddeck(etcd, ["--readonly", "delete", "pods", "-n", "big", "-l", "app=api"])
        #expect(readonly.status == 1)
        #expect(readonly.stderr.contains("read-only"), "\(readonly.stderr)")
        #expect(try await Self.revisions(etcd, "big") == before)

        let chunked = try await poddeck(etcd, ["label", "pods", "-n", "big", "-l", "app=api", "tier=x", "--max-txn-ops", "2", "--chunk"])
        #expect(chunked.status == 0, "\(chunked.stderr)")
        #expect(chunked.stdout.contains("5 pods labeled in 3 transactions at revisions"), "\(chunked.stdout)")
        #expect(Set(try await Self.revisions(etcd, "big").values).count == 3, "one revision per chunk")

        let usage = try await poddeck(etcd, ["label", "pods", "-n", "big", "tier=x"])
        #expect(usage.status == 2, "no names and no selector is a usage error")
    }
}

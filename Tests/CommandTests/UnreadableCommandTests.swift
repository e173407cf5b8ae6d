import Foundation
import Testing
import TestSupport

/// `patch`, `delete` and `edit` on a pod whose key came to hold bytes that are not a pod say
/// "unreadable" with the reason — never "not found" or "deleted" — and write nothing.
@Suite("headless writes on an unreadable value", .serialized)
struct UnreadableCommandTests {
    let ns = "unreadable-\(UInt32.random(in: 0...UInt32.max))"
    var key: String { "/registry/pods/\(ns)/web" }
    static let garbage = "not a pod {"

    /// Applies the pod and returns its revision.
    func start() async throws -> (EtcdServer, Int) {
        let etcd = try await EtcdServer.start()
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)"))
        guard created.status == 0, let rev = try await keyRevision(etcd, key) else {
            etcd.stop()
            throw TestSupportError("apply failed: \(created.stderr)")
        }
        return (etcd, rev.mod)
    }

    func expectUntouched(_ etcd: EtcdServer, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let raw = try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout
        #expect(raw.trimmingCharacters(in: .newlines) == Self.garbage, sourceLocation: sourceLocation)
    }

    func expectUnreadable(_ result: ProcessResult, status: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("pod \(ns)/web is unreadable"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("is not a readable pod ("), "the reason is given: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("not found") && !result.stderr.contains("was deleted"), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func patchAndDeleteSayUnreadable() async throws {
        let (etcd, revision) = try await start()
        defer { etcd.stop() }
        try await etcd.put(key, Self.garbage)

        let patched = try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"tier":"front"}}}"#])
        expectUnreadable(patched, status: 1)
        #expect(patched.stderr.contains("nothing written"))

        let deleted = try await poddeck(etcd, ["delete", "pod", "\(ns)/web", "--resource-version", "\(revision)"])
        expectUnreadable(deleted, status: 4)
        #expect(deleted.stderr.contains("nothing deleted"))
        try await expectUntouched(etcd)

        // Without a revision the value is deleted as it is.
        let cleared = try await poddeck(etcd, ["delete", "pod", "\(ns)/web"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(try await etcd.etcdctl(["get", key, "--print-value-only"]).stdout.isEmpty)
    }

    @Test func anEditWhoseKeyTurnsUnreadableSaysSoAndKeepsTheEdit() async throws {
        let (etcd, _) = try await start()
        defer { etcd.stop() }
        let w = try EditWorkspace()
        defer { w.remove() }
        let spoil = "ETCDCTL_API=3 etcdctl --endpoints \(etcd.clientURL) put \(key) '\(Self.garbage)' > /dev/null || exit 7"
        let editor = try w.script("edit", spoil + "\n" + #"sed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1""#)
        let r = try await poddeck(etcd, ["edit", "pod", "\(ns)/web"], env: w.env(editor: editor))
        expectUnreadable(r, status: 1)
        let kept = try #require(savedPath(r.stderr), "\(r.stderr)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("image: nginx:1.27"), "the edit is kept")
        try await expectUntouched(etcd)
    }
}

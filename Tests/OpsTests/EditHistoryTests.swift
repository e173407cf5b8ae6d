@testable import Ops
import Foundation
import PodModel
import Testing
import TestSupport

@Suite("history, rollback and the delete check against a real etcd", .serialized)
struct EditHistoryTests {
    /// Writes the pod, then four more versions with images 1.26...1.29; returns the revisions.
    func fiveVersions(_ f: EditFixture) async throws -> [Int64] {
        var revisions = [try await f.seed(shopWebYAML).modRevision]
        for minor in 26...29 {
            revisions.append(try await f.otherWriter(shopWeb) { try $0.setImage(container: "web", to: "nginx:1.\(minor)") })
        }
        return revisions
    }

    @Test func walksBackToTheCreateRevision() async throws {
        let f = try await EditFixture.start()
        let revisions = try await fiveVersions(f)
        let history = try await PodHistory.load(store: f.store, key: shopWeb)
        #expect(history.versions.map(\.revision) == revisions.reversed())
        #expect(history.versions.map(\.version) == [5, 4, 3, 2, 1])
        #expect(history.end == .created(revision: revisions[0]))
        #expect(history.note.contains("revision \(revisions[0]) created this pod"))
        let newest = history.versions[0]
        #expect(newest.changedPaths == ["spec.containers[name=web].image"])
        #expect(newest.diff.contains("-    image: nginx:1.28\n+    image: nginx:1.29\n"))
        #expect(newest.pod?.resourceVersion == revisions[4])
        #expect(history.versions[4].isCreation)
        #expect(history.versions[4].diff.isEmpty)

        let limited = try await PodHistory.load(store: f.store, key: shopWeb, limit: 2)
        #expect(limited.versions.count == 2)
        #expect(limited.end == .limited(2))
        await f.close()
    }

    @Test func stopsAtTheCompactionPointAndSaysSo() async throws {
        let f = try await EditFixture.start()
        let revisions = try await fiveVersions(f)
        let compacted = try await f.etcd.etcdctl(["compact", String(revisions[2]), "--physical"])
        #expect(compacted.status == 0, "\(compacted.stderr)")
        let history = try await PodHistory.load(store: f.store, key: shopWeb)
        #expect(history.versions.map(\.revision) == [revisions[4], revisions[3], revisions[2]])
        #expect(history.end == .compacted(revision: revisions[2]))
        #expect(history.note == "history before revision \(revisions[2]) was compacted")
        await f.close()
    }

    @Test func aRecreatedPodStartsANewHistory() async throws {
        let f = try await EditFixture.start()
        _ = try await fiveVersions(f)
        #expect(try await f.etcd.etcdctl(["del", shopWeb.etcdKey(prefix: "/registry")]).status == 0)
        let again = try await f.seed(shopWebYAML)
        let history = try await PodHistory.load(store: f.store, key: shopWeb)
        #expect(history.versions.map(\.revision) == [again.modRevision])
        #expect(history.end == .created(revision: again.modRevision))
        await #expect(throws: HistoryError.self) {
            _ = try await PodHistory.load(store: f.store, key: PodKey(namespace: "shop", name: "absent"))
        }
        await f.close()
    }

    @Test func rollsBackAsAnEditWithTheSameRules() async throws {
        let f = try await EditFixture.start()
        let revisions = try await fiveVersions(f)
        let history = try await PodHistory.load(store: f.store, key: shopWeb)
        let oldest = try #require(history.versions.last)
        var session = try await EditSession.rollback(store: f.store, key: shopWeb, to: oldest, environment: f.environment)
        #expect(session.baseRevision == revisions[4])
        let text = try String(contentsOfFile: session.filePath, encoding: .utf8)
        #expect(text.contains("# Rolling back pod shop/web to the version of revision \(revisions[0])"))
        #expect(text.contains("image: nginx:1.25"))
        #expect(text.contains("resourceVersion: \"\(revisions[4])\""))
        guard let (pod, diff) = ready(session.readBack()) else { await f.close(); return }
        #expect(diff.contains("-    image: nginx:1.29\n+    image: nginx:1.25\n"))

        // Someone changes another field meanwhile: the rollback merges like any edit.
        try await f.otherWriter(shopWeb) { $0.setLabel("tier", "front") }
        guard case .merged = await session.save(pod) else { Issue.record("expected merged"); await f.close(); return }
        let now = try #require(try await f.current(shopWeb))
        #expect(now.pod.containers.first?.image == "nginx:1.25")
        #expect(now.pod.label("tier") == "front")
        await f.close()
    }

    @Test func deleteCheckComparesWithTheShownRevision() async throws {
        let f = try await EditFixture.start()
        let shown = try await f.seed(shopWebYAML)
        #expect(try await DeleteCheck.verify(store: f.store, key: shopWeb, shownRevision: shown.modRevision) == .unchanged(shown))

        let changedAt = try await f.otherWriter(shopWeb) { $0.setLabel("tier", "front") }
        guard case .changed(let current, let diff) = try await DeleteCheck.verify(store: f.store, key: shopWeb, shownRevision: shown.modRevision) else {
            Issue.record("expected changed")
            await f.close()
            return
        }
        #expect(current?.modRevision == changedAt)
        #expect(diff.contains("+    tier: front"))
        #expect(await DeleteCheck.delete(store: f.store, key: shopWeb, revision: shown.modRevision, readonly: false) == .changed(try #require(current)))
        #expect(try await f.current(shopWeb) != nil, "a stale delete deletes nothing")
        guard case .failed(let refusal) = await DeleteCheck.delete(store: f.store, key: shopWeb, revision: changedAt, readonly: true) else {
            Issue.record("expected a refusal")
            await f.close()
            return
        }
        #expect(refusal.contains("read-only"))
        guard case .deleted = await DeleteCheck.delete(store: f.store, key: shopWeb, revision: changedAt, readonly: false) else {
            Issue.record("expected deleted")
            await f.close()
            return
        }
        #expect(try await f.current(shopWeb) == nil)
        guard case .changed(nil, let goneDiff) = try await DeleteCheck.verify(store: f.store, key: shopWeb, shownRevision: changedAt) else {
            Issue.record("expected gone")
            await f.close()
            return
        }
        #expect(goneDiff.contains("(deleted)"))
        #expect(await DeleteCheck.delete(store: f.store, key: shopWeb, revision: changedAt, readonly: false) == .alreadyGone)
        await f.close()
    }
}

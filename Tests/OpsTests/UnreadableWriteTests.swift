@testable import Ops
import Foundation
import KubeStorage
import PodModel
import Testing
import TestSupport

/// A pod whose key comes to hold bytes that are not a pod is unreadable, not deleted: every write
/// path stops, says so with the reason, and leaves the value as it is.
@Suite("unreadable is not deleted", .serialized)
struct UnreadableWriteTests {
    static let garbage = "not a pod {"

    /// Seeds the pod, then replaces its value with bytes that are not a pod.
    func spoiled(_ f: EditFixture) async throws -> (seeded: PodRecord, etcdKey: String) {
        let seeded = try await f.seed(shopWebYAML)
        let etcdKey = shopWeb.etcdKey(prefix: f.store.prefix)
        try await f.etcd.put(etcdKey, Self.garbage)
        return (seeded, etcdKey)
    }

    func expectUntouched(_ f: EditFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await f.raw(shopWeb).trimmingCharacters(in: .newlines) == Self.garbage, sourceLocation: sourceLocation)
    }

    @Test func theGuaranteedUpdateSaysUnreadableAndDeletedApart() async throws {
        let f = try await EditFixture.start()
        do {
            let (seeded, etcdKey) = try await spoiled(f)
            var changed = seeded.pod
            changed.setLabel("tier", "front")
            let pod = changed
            let fromShown = await f.store.guaranteedUpdate(shopWeb, from: seeded) { _ -> UpdateStep<Never> in .write(pod) }
            guard case .unreadable(let entry) = fromShown else { Issue.record("expected unreadable, got \(fromShown)"); await f.close(); return }
            #expect(entry.modRevision > seeded.modRevision)
            #expect(!entry.reason.isEmpty)
            #expect(entry.line(for: shopWeb).contains("pod shop/web is unreadable"))
            let fromRead = await f.store.guaranteedUpdate(shopWeb) { _ -> UpdateStep<Never> in .write(pod) }
            guard case .unreadable = fromRead else { Issue.record("expected unreadable, got \(fromRead)"); await f.close(); return }
            try await expectUntouched(f)

            // Really gone: deleted, meanwhile or before the first read.
            _ = try await f.etcd.etcdctl(["del", etcdKey])
            let gone = await f.store.guaranteedUpdate(shopWeb, from: seeded) { _ -> UpdateStep<Never> in .write(pod) }
            guard case .deleted(meanwhile: true) = gone else { Issue.record("expected deleted meanwhile, got \(gone)"); await f.close(); return }
            let absent = await f.store.guaranteedUpdate(shopWeb) { _ -> UpdateStep<Never> in .write(pod) }
            guard case .deleted(meanwhile: false) = absent else { Issue.record("expected deleted, got \(absent)"); await f.close(); return }
        } catch {
            await f.close()
            throw error
        }
        await f.close()
    }

    @Test func aQuickPatchSaysUnreadable() async throws {
        let f = try await EditFixture.start()
        do {
            let (seeded, _) = try await spoiled(f)
            let patch = QuickPatch.setLabel(key: "tier", value: "front")
            let shown = await patch.apply(store: f.store, from: seeded)
            guard case .unreadable(let entry) = shown else { Issue.record("expected unreadable, got \(shown)"); await f.close(); return }
            #expect(entry.modRevision > seeded.modRevision)
            let read = await patch.apply(store: f.store, key: shopWeb)
            guard case .unreadable = read else { Issue.record("expected unreadable, got \(read)"); await f.close(); return }
            try await expectUntouched(f)
        } catch {
            await f.close()
            throw error
        }
        await f.close()
    }

    @Test func anEditSaveSaysUnreadableAndKeepsTheFile() async throws {
        let f = try await EditFixture.start()
        do {
            try await f.seed(shopWebYAML)
            var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
            try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
            guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
            try await f.etcd.put(shopWeb.etcdKey(prefix: f.store.prefix), Self.garbage)
            let outcome = await session.save(pod)
            guard case .unreadable(let entry) = outcome else { Issue.record("expected unreadable, got \(outcome)"); await f.close(); return }
            #expect(!entry.reason.isEmpty)
            #expect(FileManager.default.fileExists(atPath: session.filePath), "the edit is kept")
            try await expectUntouched(f)
        } catch {
            await f.close()
            throw error
        }
        await f.close()
    }

    @Test func aDeleteAtTheShownRevisionSaysUnreadableAndAPlainDeleteClearsIt() async throws {
        let f = try await EditFixture.start()
        do {
            let (seeded, etcdKey) = try await spoiled(f)
            let atShown = await f.store.conditionalDelete(shopWeb, revision: seeded.modRevision)
            guard case .unreadable(let entry, let expected) = atShown else { Issue.record("expected unreadable, got \(atShown)"); await f.close(); return }
            #expect(expected == seeded.modRevision && entry.modRevision > seeded.modRevision)
            let checked = await DeleteCheck.delete(store: f.store, key: shopWeb, revision: seeded.modRevision, readonly: false)
            guard case .unreadable = checked else { Issue.record("expected unreadable, got \(checked)"); await f.close(); return }
            try await expectUntouched(f)

            // Without a revision the value is deleted as it is: that is how it is cleared.
            let cleared = await f.store.conditionalDelete(shopWeb, revision: nil)
            guard case .deleted = cleared else { Issue.record("expected deleted, got \(cleared)"); await f.close(); return }
            #expect(try await f.etcd.etcdctl(["get", etcdKey, "--print-value-only"]).stdout.isEmpty)
            let again = await f.store.conditionalDelete(shopWeb, revision: seeded.modRevision)
            guard case .absent = again else { Issue.record("expected absent, got \(again)"); await f.close(); return }
        } catch {
            await f.close()
            throw error
        }
        await f.close()
    }

    @Test func aCreateOverAnUnreadableValueSaysUnreadable() async throws {
        let f = try await EditFixture.start()
        do {
            let (seeded, _) = try await spoiled(f)
            let created = await f.store.conditionalCreate(shopWeb, pod: seeded.pod, encoding: .json)
            guard case .unreadable = created else { Issue.record("expected unreadable, got \(created)"); await f.close(); return }
            try await expectUntouched(f)
        } catch {
            await f.close()
            throw error
        }
        await f.close()
    }
}

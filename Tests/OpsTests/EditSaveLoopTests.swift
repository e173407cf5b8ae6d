@testable import Ops
import Etcd
import Foundation
import KubeStorage
import PodModel
import Synchronization
import Testing
import TestSupport

/// Passes writes to the store, letting a test act before each update (call numbers from 1).
final class Interposer: PodWrites {
    let store: PodStore
    let calls = Mutex(0)
    let beforeUpdate: @Sendable (Int) async throws(StoreError) -> Void
    let loseAnswer: @Sendable (Int) -> Bool

    init(store: PodStore, loseAnswer: @escaping @Sendable (Int) -> Bool = { _ in false },
         beforeUpdate: @escaping @Sendable (Int) async throws(StoreError) -> Void = { _ in }) {
        self.store = store
        self.loseAnswer = loseAnswer
        self.beforeUpdate = beforeUpdate
    }

    var count: Int { calls.withLock { $0 } }

    func update(_ key: PodKey, pod: Pod, baseRevision: Int64) async throws(StoreError) -> WriteOutcome {
        let call = calls.withLock { $0 += 1; return $0 }
        try await beforeUpdate(call)
        let outcome = try await store.update(key, pod: pod, baseRevision: baseRevision)
        if loseAnswer(call) { throw .etcd(EtcdError(.outcomeUnknown, message: "connection lost after the request was sent")) }
        return outcome
    }

    func create(_ key: PodKey, pod: Pod, encoding: StorageEncoding?) async throws(StoreError) -> WriteOutcome {
        try await store.create(key, pod: pod, encoding: encoding)
    }

    func get(_ key: PodKey, revision: Int64) async throws(StoreError) -> PodRecord? {
        try await store.get(key, revision: revision)
    }

    func delete(_ key: PodKey, baseRevision: Int64) async throws(StoreError) -> WriteOutcome {
        try await store.delete(key, baseRevision: baseRevision)
    }
}

@Suite("the save loop: repeated merges and lost answers", .serialized)
struct EditSaveLoopTests {
    @Test func mergesAgainWhenThePodMovesDuringTheMerge() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        let store = f.store
        let interposer = Interposer(store: store, beforeUpdate: { call throws(StoreError) in
            // Another writer gets in before the first two attempts.
            guard call <= 2 else { return }
            guard var other = try? await store.get(shopWeb)?.pod else { return }
            other.setLabel("round\(call)", "x")
            _ = try await store.put(shopWeb, pod: other)
        })
        session.writes = interposer
        let outcome = await session.save(pod)
        guard case .merged(let revision, let mine, let theirs) = outcome else { Issue.record("\(outcome)"); await f.close(); return }
        #expect(mine == 1 && theirs == 2)
        #expect(interposer.count == 3)
        let now = try #require(try await f.current(shopWeb))
        #expect(now.modRevision == revision)
        #expect(now.pod.containers.first?.image == "nginx:1.27")
        #expect(now.pod.label("round1") == "x" && now.pod.label("round2") == "x")
        await f.close()
    }

    @Test func givesUpWhenThePodNeverStopsMoving() async throws {
        let f = try await EditFixture.start()
        try await f.seed(shopWebYAML)
        var session = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        session.maxMergeAttempts = 2
        try editFile(session.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(session.readBack()) else { await f.close(); return }
        let store = f.store
        session.writes = Interposer(store: store, beforeUpdate: { call throws(StoreError) in
            guard var other = try? await store.get(shopWeb)?.pod else { return }
            other.setAnnotation("moved", String(call))
            _ = try await store.put(shopWeb, pod: other)
        })
        guard case .failed(let text) = await session.save(pod) else { Issue.record("expected failure"); await f.close(); return }
        #expect(text.contains("kept changing"))
        #expect(try await f.current(shopWeb)?.pod.containers.first?.image == "nginx:1.25")
        #expect(FileManager.default.fileExists(atPath: session.filePath))
        await f.close()
    }

    @Test func aLostAnswerIsSettledByTheRetriedCompareAndSwap() async throws {
        let f = try await EditFixture.start()
        let seeded = try await f.seed(shopWebYAML)
        // The write lands but its answer is lost: the retry finds my pod there and reports it saved.
        var landed = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(landed.filePath, replacing: "image: nginx:1.25", with: "image: nginx:1.27")
        guard let (pod, _) = ready(landed.readBack()) else { await f.close(); return }
        let lost = Interposer(store: f.store, loseAnswer: { $0 == 1 })
        landed.writes = lost
        let outcome = await landed.save(pod)
        let now = try #require(try await f.current(shopWeb))
        #expect(outcome == .saved(revision: now.modRevision))
        #expect(lost.count == 2)
        #expect(now.modRevision == seeded.modRevision + 1, "written once")

        // The answer is lost before the write: the retry writes it.
        var retried = try await EditSession.begin(store: f.store, key: shopWeb, environment: f.environment)
        try editFile(retried.filePath, replacing: "image: nginx:1.27", with: "image: nginx:1.28")
        guard let (again, _) = ready(retried.readBack()) else { await f.close(); return }
        let failing = Interposer(store: f.store, beforeUpdate: { call throws(StoreError) in
            if call == 1 { throw .etcd(EtcdError(.outcomeUnknown, message: "connection lost")) }
        })
        retried.writes = failing
        guard case .saved = await retried.save(again) else { Issue.record("expected saved"); await f.close(); return }
        #expect(try await f.current(shopWeb)?.pod.containers.first?.image == "nginx:1.28")
        await f.close()
    }
}

@testable import CLI
import Foundation
import OpsTestSupport
@testable import Ops
import PodModel
import Synchronization
import Testing
import TestSupport

/// `poddeck patch|delete -l`: the runner maps a bulk operation's outcome to text and an exit status.
@Suite("bulk runner", .serialized)
struct BulkRunnerTests {
    static let keys = (1...4).map { PodKey(namespace: "bulk", name: "p\($0)") }

    static func seed(_ fixture: StoreFixture) async throws -> [PodRecord] {
        var records: [PodRecord] = []
        for key in keys {
            records.append(try await fixture.seed("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: \(key.name)
                  namespace: bulk
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                """))
        }
        return records
    }

    /// A label change made by another writer between showing and acting.
    static func interfere(_ fixture: StoreFixture, _ key: PodKey) -> @Sendable () async -> Void {
        let store = fixture.store
        return {
            guard var pod = try? await store.get(key)?.pod else { return }
            pod.setLabel("touched", "yes")
            _ = try? await store.put(key, pod: pod)
        }
    }

    @Test func headlessConflictWithNoRetriesExitsFourNamingThePods() async throws {
        let fixture = try await StoreFixture.start()
        let shown = try await Self.seed(fixture)
        let err = Mutex("")
        let console = Console(out: { _ in }, err: { text in err.withLock { $0 += text } })
        do {
            var operation = BulkOperation(action: .delete, retries: 0)
            operation.beforeCommit = Self.interfere(fixture, shown[3].key)
            do {
                try await BulkRunner.run(store: fixture.store, target: .selector(nil, namespace: "bulk"), operation: operation,
                                         dryRun: false, readonly: false, console: console)
                Issue.record("expected a conflict")
            } catch {
                #expect(error.status == .conflict)
                #expect(error.description.contains("conflict: 1 pod changed since it was read: bulk/p4 (revision \(shown[3].modRevision), now"), "\(error.description)")
                #expect(error.description.contains("nothing written"))
            }
            #expect(try await fixture.store.getMany(Self.keys).missing.isEmpty, "every pod still there")
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }
}

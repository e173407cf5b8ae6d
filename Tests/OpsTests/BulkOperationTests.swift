@testable import Ops
import Foundation
import PodModel
import Synchronization
import Testing
import TestSupport

/// Many-pod transactions against a real etcd: all or nothing, one revision, conflicts named.
@Suite("bulk operations: one transaction for many pods", .serialized)
struct BulkOperationTests {
    static let keys = (1...4).map { PodKey(namespace: "bulk", name: "p\($0)") }

    static func seed(_ fixture: EditFixture) async throws -> [PodRecord] {
        var records: [PodRecord] = []
        for key in keys {
            let yaml = shopWebYAML.replacingOccurrences(of: "name: web\n  namespace: shop", with: "name: \(key.name)\n  namespace: bulk")
            records.append(try await fixture.seed(yaml))
        }
        return records
    }

    /// A label change made by another writer between showing and acting.
    static func interfere(_ fixture: EditFixture, _ key: PodKey) -> @Sendable () async -> Void {
        let store = fixture.store
        return {
            guard var pod = try? await store.get(key)?.pod else { return }
            pod.setLabel("touched", "yes")
            _ = try? await store.put(key, pod: pod)
        }
    }

    @Test func aConflictBetweenShowingAndActingLeavesEveryPodUntouched() async throws {
        let fixture = try await EditFixture.start()
        let shown = try await Self.seed(fixture)
        do {
            for action in [BulkAction.delete, .patch([.setLabel(key: "tier", value: "x"), .setImage(container: "web", image: "nginx:1.27")])] {
                let touched = shown[2].key
                var operation = BulkOperation(action: action, retries: 0)
                operation.beforeCommit = Self.interfere(fixture, touched)
                let before = try await fixture.store.getMany(Self.keys).records
                let outcome = await operation.run(store: fixture.store, records: before, readonly: false)
                guard case .conflict(let changed, let report) = outcome else {
                    Issue.record("expected a conflict, got \(outcome)")
                    continue
                }
                #expect(changed.map(\.key) == [touched])
                #expect(report.written.isEmpty && report.revisions.isEmpty)
                let after = try await fixture.store.getMany(Self.keys).records
                #expect(after.count == 4, "nothing deleted")
                for (old, new) in zip(before, after) where old.key != touched {
                    #expect(old.modRevision == new.modRevision, "pod \(old.key) untouched")
                    #expect(new.pod.label("tier") == nil)
                }
            }
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }

    @Test func aPatchIsReappliedToTheCurrentPodsAndLandsAtOneRevision() async throws {
        let fixture = try await EditFixture.start()
        let shown = try await Self.seed(fixture)
        do {
            var operation = BulkOperation(action: .patch([.setLabel(key: "tier", value: "x")]), retries: 2)
            operation.beforeCommit = Self.interfere(fixture, shown[1].key)
            let outcome = await operation.run(store: fixture.store, records: shown, readonly: false)
            guard case .done(let report) = outcome else {
                Issue.record("expected done, got \(outcome)")
                await fixture.close()
                return
            }
            #expect(report.conflicts == 1)
            #expect(report.revisions.count == 1)
            let after = try await fixture.store.getMany(Self.keys).records
            #expect(Set(after.map(\.modRevision)) == [report.revisions[0]], "every pod at the one revision")
            #expect(after.allSatisfy { $0.pod.label("tier") == "x" })
            #expect(after[1].pod.label("touched") == "yes", "the other writer's change survives")
            #expect(after[0].pod.json.description.contains("x-vendor-note"), "unknown fields survive")
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }
}

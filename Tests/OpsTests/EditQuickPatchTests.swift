@testable import Ops
import Foundation
import PodModel
import Testing
import TestSupport

@Suite("quick patches: parsing and applying through compare-and-swap", .serialized)
struct EditQuickPatchTests {
    @Test(arguments: [
        ("set image web=nginx:1.27", QuickPatch.setImage(container: "web", image: "nginx:1.27")),
        (":set image web=registry.local:5000/team/web@sha256:abc", .setImage(container: "web", image: "registry.local:5000/team/web@sha256:abc")),
        (":label tier=front", .setLabel(key: "tier", value: "front")),
        ("label app.kubernetes.io/name=web", .setLabel(key: "app.kubernetes.io/name", value: "web")),
        ("label tier=", .setLabel(key: "tier", value: "")),
        (":label tier-", .removeLabel(key: "tier")),
        (":annotate note=rolled back by ops, see ticket 42", .setAnnotation(key: "note", value: "rolled back by ops, see ticket 42")),
        ("annotate note-", .removeAnnotation(key: "note")),
        ("  :  label  a=b  ", .setLabel(key: "a", value: "b")),
    ])
    func parses(text: String, patch: QuickPatch) throws {
        #expect(try QuickPatch.parse(text) == patch)
        #expect(try QuickPatch.parse(patch.description) == patch)
    }

    @Test(arguments: ["set image web", "set image =x", "set image web=", "set env A=b", "label", "label a=b c=d",
                      "label tier", "label -", "annotate", "annotate =x", "frobnicate x", ""])
    func refuses(text: String) {
        #expect(throws: QuickPatchError.self) { try QuickPatch.parse(text) }
    }

    @Test func appliesLeavingEverythingElseInPlace() throws {
        let pod = try Pod(userDocument: try DocumentReader.read(shopWebYAML))
        let patched = try QuickPatch.setImage(container: "sidecar", image: "busybox:1.37").applied(to: pod)
        #expect(patched.containers.map(\.image) == ["nginx:1.25", "busybox:1.37"])
        #expect(patched.json["metadata"]?["x-vendor-note"] == "kept")
        #expect(throws: PodMutationError.noSuchContainer("db")) {
            try QuickPatch.setImage(container: "db", image: "x").applied(to: pod)
        }
        let unlabelled = try QuickPatch.removeLabel(key: "app").applied(to: pod)
        #expect(unlabelled.json[["metadata", "labels"]] == nil)
    }

    @Test func appliesWithCompareAndSwapAndReappliesOnConflict() async throws {
        let f = try await EditFixture.start()
        let stale = try await f.seed(shopWebYAML)
        // Someone else changes another field after we read the pod.
        try await f.otherWriter(shopWeb) { $0.setLabel("tier", "front") }

        let outcome = await QuickPatch.setImage(container: "web", image: "nginx:1.27").apply(store: f.store, from: stale)
        guard case .patched(let revision, let conflicts) = outcome else {
            Issue.record("expected patched, got \(outcome)")
            await f.close()
            return
        }
        #expect(conflicts == 1)
        let now = try #require(try await f.current(shopWeb))
        #expect(now.modRevision == revision)
        #expect(now.pod.containers.first?.image == "nginx:1.27")
        #expect(now.pod.label("tier") == "front", "the other writer's change survives")

        #expect(await QuickPatch.setLabel(key: "tier", value: "front").apply(store: f.store, key: shopWeb) == .unchanged(revision: revision))
        let invalid = await QuickPatch.setLabel(key: "tier", value: "not valid!").apply(store: f.store, key: shopWeb)
        guard case .invalid(let errors) = invalid else {
            Issue.record("expected invalid, got \(invalid)")
            await f.close()
            return
        }
        #expect(errors.contains { $0.contains("metadata.labels") })
        #expect(await QuickPatch.setImage(container: "nope", image: "x").apply(store: f.store, key: shopWeb)
                == .invalid(["the pod has no container named \"nope\""]))
        #expect(await QuickPatch.removeLabel(key: "x").apply(store: f.store, key: PodKey(namespace: "shop", name: "absent")) == .notFound)
        let refused = await QuickPatch.removeLabel(key: "tier").apply(store: f.store, key: shopWeb, readonly: true)
        guard case .failed(let text) = refused else {
            Issue.record("expected a refusal, got \(refused)")
            await f.close()
            return
        }
        #expect(text.contains("read-only"))
        #expect(try await f.current(shopWeb)?.modRevision == revision, "nothing was written by the refused or invalid patches")
        await f.close()
    }

    @Test func givesUpAfterTheRetriesAreSpent() async throws {
        let f = try await EditFixture.start()
        let stale = try await f.seed(shopWebYAML)
        try await f.otherWriter(shopWeb) { $0.setLabel("tier", "front") }
        let outcome = await QuickPatch.setAnnotation(key: "a", value: "b").apply(store: f.store, from: stale, retries: 0)
        #expect(outcome == .gaveUp(attempts: 1))
        #expect(try await f.current(shopWeb)?.pod.annotation("a") == nil)
        await f.close()
    }
}

@testable import Deck
import Foundation
import OpsTestSupport
@testable import Ops
import PodModel
import Synchronization
import Testing
import TestSupport

/// A first listing of many pages shows its first page at once, then the complete listing.
@Suite("first page of a first listing")
struct PartialListingTests {
    @Test func theFirstPageShowsRowsAndTheCompleteListingAddsNoMarks() {
        var state = makeState()
        let first = (0..<3).map { makeRow("a", "pod-\($0)") }
        let all = first + (3..<8).map { makeRow("b", "pod-\($0)") }
        guard case .synced(var partial) = delta(first, replacesAll: true) else { return }
        partial.partial = true
        _ = send(&state, .synced(partial))
        #expect(state.list.count == 3)
        #expect(visibleNames(state).count == 3)
        // Still loading: the header does not claim a complete, live listing.
        #expect(state.connection.lastSuccess == nil)
        _ = send(&state, delta(all, replacesAll: true))
        #expect(state.list.count == 8)
        #expect(state.list.marks.isEmpty, "rows of the first listing are not marked as added")
        #expect(state.connection.lastSuccess != nil)
        // Later changes are marked as usual.
        _ = send(&state, delta(all + [makeRow("c", "new")]))
        #expect(state.list.marks.count == 1)
    }

    @Test func repeatedStringsAreKeptOnce() {
        var interner = StringInterner()
        let a = String("docker.io/library/nginx:1.25".map { $0 })
        let b = String("docker.io/library/nginx:1.25".reversed().reversed())
        let kept = interner.intern(a)
        let again = interner.intern(b)
        #expect(kept == again)
        // The second copy is the first one's storage.
        #expect(kept.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == again.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        #expect(interner.intern("short") == "short")
    }

    @Test func repeatedListsAreKeptOnce() {
        var interner = StringInterner()
        let a = interner.intern(makeRow("ns", "a", labels: ["app": "web"], image: "docker.io/library/nginx:1.25"))
        let b = interner.intern(makeRow("ns", "b", labels: ["app": "web"], image: "docker.io/library/nginx:1.25"))
        #expect(a.images.withUnsafeBufferPointer { $0.baseAddress } == b.images.withUnsafeBufferPointer { $0.baseAddress })
        #expect(a.labelList.withUnsafeBufferPointer { $0.baseAddress } == b.labelList.withUnsafeBufferPointer { $0.baseAddress })
        let c = interner.intern(makeRow("ns", "c", labels: ["app": "api"]))
        #expect(c.labelList.withUnsafeBufferPointer { $0.baseAddress } != a.labelList.withUnsafeBufferPointer { $0.baseAddress })
    }
}

/// The first listing against a real etcd, in pages of 10: every page but the last reaches the
/// list as it is decoded, and nothing is held twice.
@Suite("first listing streamed page by page against a real etcd")
struct StreamedListingTests {
    @Test func everyPodArrivesOnceAndTheListIsSortedWhenComplete() async throws {
        let fixture = try await StoreFixture.start(flags: ["pageSize": "10"])
        let store = fixture.store
        // 35 pods written in reverse name order, so etcd's key order is not the order of arrival.
        for i in (0..<35).reversed() {
            let pod = try Pod(json: ["apiVersion": "v1", "kind": "Pod",
                                     "metadata": ["name": .string(String(format: "pod-%02d", i)), "namespace": "ns"],
                                     "spec": ["containers": [["name": "app", "image": "nginx:1.25"]]]])
            _ = try await store.put(PodKey(namespace: "ns", name: String(format: "pod-%02d", i)), pod: pod)
        }
        let sync = PodSync(store: store, namespace: nil, probeOptions: nil)
        let pages = Mutex<[SyncDelta]>([])
        let final = try await sync.poll(now: { fixedNow }, firstPage: { delta in pages.withLock { $0.append(delta) } })
        let partials = pages.withLock { $0 }
        #expect(partials.count == 3, "pages 1-3 of 4 are handed over as they are decoded")
        #expect(partials.allSatisfy { $0.partial })
        #expect(partials.map(\.replacesAll) == [true, false, false])
        #expect(partials.first?.expectedCount == 35)
        #expect(final.partial == false && final.replacesAll == false && final.upserts.count == 5)
        let names = (partials.flatMap(\.upserts) + final.upserts).map(\.key.name)
        #expect(names == (0..<35).map { String(format: "pod-%02d", $0) }, "every pod once, in key order")

        // The list shows the first page while loading, then every row sorted (by name, descending).
        var state = makeState()
        state.list.setSort(SortSpec(column: .name, ascending: false))
        for partial in partials { _ = send(&state, .synced(partial)) }
        #expect(state.list.count == 30)
        #expect(visibleNames(state) == (0..<10).map { String(format: "pod-%02d", $0) }.reversed(),
                "later pages wait, unsorted, for the complete listing")
        #expect(state.connection.loading)
        _ = send(&state, .synced(final))
        #expect(state.list.count == 35)
        #expect(visibleNames(state) == (0..<35).map { String(format: "pod-%02d", $0) }.reversed())
        #expect(state.list.marks.isEmpty)
        #expect(!state.connection.loading)
        await fixture.close()
    }
}

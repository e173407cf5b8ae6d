@testable import Deck
import Foundation
import Testing

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
}

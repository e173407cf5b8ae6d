@testable import Deck
import Foundation
@testable import Ops
import Testing

/// The list's sorts come from integer keys and kept name and key orders; these tests hold them
/// to the comparison that defines each sort, through small syncs (rows moved one by one),
/// large ones (a re-sort), deletions shown for a while, and every sort either way round.
@Suite struct SortOrderTests {
    static let names = ["a", "b", "web-1", "web-10", "web-2", "Zed", "é-pod", "z\u{301}", "pod-🙂", "api"]
    static let namespaces = ["default", "kube-system", "a", "a-b", "Ω"]
    static let phases = ["Running", "Pending", "Succeeded", "Failed"]

    /// Checks that the shown rows are every live row, each strictly before the next by the sort.
    func expectSorted(_ model: PodListModel, live: Set<PodKey>, ghosts: Set<PodKey>, _ context: String) {
        let shown = (0..<model.visible.count).map { model.entry(atVisible: $0) }
        #expect(Set(shown.map(\.row.key)) == live.union(ghosts), "\(context): the rows shown")
        #expect(shown.count == live.count + ghosts.count, "\(context): each row once")
        shown.withUnsafeBufferPointer { entries in
            for j in entries.indices.dropLast() where !PodListModel.precedes(entries, model.sort, Int32(j), Int32(j + 1)) {
                Issue.record("\(context): \(entries[j].row.key) shown before \(entries[j + 1].row.key) under \(model.sort)")
                return
            }
        }
    }

    @Test(arguments: [0.0, 5.0])
    func everySortMatchesItsComparisonThroughSmallAndLargeSyncs(markDuration: TimeInterval) {
        var model = PodListModel()
        model.markDuration = markDuration
        var generator = SystemRandomNumberGenerator()
        var live: [PodKey: PodRow] = [:]
        var deletedAt: [PodKey: Date] = [:]
        var now = fixedNow
        for round in 0..<200 {
            // Mostly small syncs (rows inserted and moved one by one), now and then a large one.
            let size = round % 9 == 0 ? Int.random(in: 60...150, using: &generator) : Int.random(in: 1...8, using: &generator)
            var upserts: [PodRow] = []
            var deletions: [PodKey] = []
            var touched = Set<PodKey>()
            for _ in 0..<size {
                let key = PodKey(namespace: Self.namespaces.randomElement(using: &generator)!,
                                 name: Self.names.randomElement(using: &generator)! + "-\(Int.random(in: 0..<30, using: &generator))")
                guard touched.insert(key).inserted else { continue }
                if live[key] != nil && Int.random(in: 0..<4, using: &generator) == 0 {
                    deletions.append(key)
                    live[key] = nil
                    deletedAt[key] = now
                } else {
                    let row = makeRow(key.namespace, key.name, phase: Self.phases.randomElement(using: &generator)!,
                                      ready: Bool.random(using: &generator),
                                      restarts: Int.random(in: 0..<4, using: &generator),
                                      ageSeconds: TimeInterval(60 * Int.random(in: 0..<5, using: &generator)),
                                      revision: Int64(round + 1))
                    upserts.append(row)
                    live[key] = row
                    deletedAt[key] = nil
                }
            }
            model.apply(SyncDelta(upserts: upserts, deletions: deletions, unreadable: nil, revision: Int64(round + 1),
                                  endpoint: "e", replacesAll: false, at: now, generation: 0), now: now)
            now += 1
            _ = model.expireMarks(now: now)
            deletedAt = deletedAt.filter { now < $0.value + markDuration }
            if round % 3 == 0 {
                let column = SortSpec.Column.allCases.randomElement(using: &generator)!
                model.setSort(SortSpec(column: column, ascending: Bool.random(using: &generator)))
            }
            expectSorted(model, live: Set(live.keys), ghosts: Set(deletedAt.keys), "round \(round), \(model.sort)")
        }
        for column in SortSpec.Column.allCases {
            for ascending in [true, false] {
                model.setSort(SortSpec(column: column, ascending: ascending))
                expectSorted(model, live: Set(live.keys), ghosts: Set(deletedAt.keys), "final \(column) \(ascending)")
            }
        }
    }

    @Test func theAgeSortKeepsTheOrderOfTimesBeforeAndAfterTheReferenceDate() {
        let times: [Double] = [-1e9, -1, -0.5, 0, 0.25, 1, 1e9]
        let keys = times.map { PodListModel.orderedBits($0) }
        #expect(keys == keys.sorted())
        #expect(Set(keys).count == times.count)
    }
}

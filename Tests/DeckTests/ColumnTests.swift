@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import TerminalText
import Testing

/// The pod table's columns: sized from every row, stable across pages and sorts, short values whole.
@Suite("pod table columns")
struct ColumnTests {
    /// The column titles' positions on the heading row.
    func heading(_ s: AppState) -> String { screenLines(s)[3] }

    @Test(arguments: [(80, false), (120, false), (160, true)])
    func widthsDoNotChangeFromPageToPageOrAfterASort(width: Int, wide: Bool) {
        var s = sandboxState(width: width, height: 24, wide: wide)
        let first = heading(s)
        for _ in 0..<5 {
            send(&s, .key(.pageDown))
            #expect(heading(s) == first, "paging keeps the columns where they are")
        }
        for key in ["S", "R", "A", "S", "N"] {
            send(&s, .key(.char(Character(key))))
            #expect(heading(s) == first, "sorting with \(key) keeps the columns where they are")
        }
        send(&s, .key(.char("/")))
        for m in keys("search") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(heading(s) == first, "filtering keeps the columns where they are")
    }

    @Test(arguments: [80, 120, 160])
    func shortValuesAreNeverCut(width: Int) {
        var s = sandboxState(width: width, height: 40, wide: width >= 160)
        for page in 0..<4 {
            let lines = screenLines(s)
            let heading = lines[3]
            for k in 0..<s.tableRows where s.offset + k < s.list.visible.count {
                let entry = s.list.entry(atVisible: s.offset + k)
                let line = lines[4 + k]
                let age = entry.row.age(now: s.now)
                #expect(line.hasSuffix(" " + age) || line.contains(" \(age)  "), "page \(page): AGE \(age) whole in \(line)")
                #expect(line.contains(" \(entry.row.ready) "), "READY whole in \(line)")
                if heading.contains(" IP ") || heading.hasSuffix(" IP") { #expect(line.contains(" \(entry.row.ip) ") || line.hasSuffix(entry.row.ip), "IP whole in \(line)") }
                if heading.contains(" NODE ") { #expect(line.contains(" \(entry.row.node) "), "NODE whole in \(line)") }
                if heading.contains(" QOS ") { #expect(line.contains(" \(entry.row.qos) "), "QOS whole in \(line)") }
                if heading.contains("PROBE") {
                    let probe = s.probes.cell(for: entry.row.key).description
                    #expect(line.contains(" \(probe) "), "PROBE \(probe) whole in \(line)")
                }
            }
            send(&s, .key(.pageDown))
        }
    }

    @Test func at120NodeAndIPAreWholeAndTheImageGetsTheRest() {
        let s = sandboxState(width: 120, height: 30)
        let heading = heading(s)
        #expect(heading.contains("NODE"))
        #expect(heading.contains("IP"))
        let lines = screenLines(s)
        #expect(!lines[4...20].contains { $0.contains("node-…") || $0.contains("10.244.…") })
    }

    @Test func at80TheStatusColumnIsNoWiderThanItsLongestValue() throws {
        let s = sandboxState(width: 80, height: 24)
        let heading = heading(s)
        #expect(heading.hasSuffix("AGE"))
        let status = try #require(heading.range(of: "STATUS"))
        let probe = try #require(heading.range(of: "PROBE"))
        let columnWidth = heading.distance(from: status.lowerBound, to: probe.lowerBound) - 2
        let longest = (0..<s.list.visible.count).map { DisplayWidth.of(s.list.entry(atVisible: $0).row.status) }.max() ?? 0
        #expect(columnWidth <= max(longest, 8))
    }

    @Test func widthsAreKeptUpToDateAsRowsComeAndGo() {
        var model = PodListModel()
        model.markDuration = 0
        var generator = SystemRandomNumberGenerator()
        var live: [PodKey: PodRow] = [:]
        for round in 0..<60 {
            var upserts: [PodRow] = []
            var deletions: [PodKey] = []
            var touched = Set<PodKey>()
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                let n = Int.random(in: 0..<40, using: &generator)
                let name = "pod-" + String(repeating: "x", count: n % 23) + "\(n)"
                if Bool.random(using: &generator) || live.isEmpty {
                    guard touched.insert(PodKey(namespace: "ns-\(n % 5)" + String(repeating: "y", count: n % 7), name: name)).inserted else { continue }
                    let row = makeRow("ns-\(n % 5)" + String(repeating: "y", count: n % 7), name,
                                      phase: ["Running", "Pending", "Succeeded"][n % 3], restarts: n * n * round,
                                      image: "registry/" + String(repeating: "i", count: n), revision: Int64(round))
                    upserts.append(row)
                    live[row.key] = row
                } else if let key = live.keys.randomElement(using: &generator), touched.insert(key).inserted {
                    deletions.append(key)
                    live[key] = nil
                }
            }
            model.apply(SyncDelta(upserts: upserts, deletions: deletions, unreadable: nil, revision: Int64(round), endpoint: "e",
                                  replacesAll: false, at: fixedNow, generation: 0), now: fixedNow)
            _ = model.expireMarks(now: fixedNow.addingTimeInterval(1))
            var expected = PodColumnWidths()
            for row in live.values { expected.add(ListEntry(row: row, now: fixedNow).widths) }
            for field in PodColumnWidths.Field.allCases {
                #expect(model.columnWidths[field] == expected[field], "round \(round): \(field)")
            }
        }
    }
}

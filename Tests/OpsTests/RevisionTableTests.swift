@testable import Ops
import Testing

/// The sync's compact key → revision table against a dictionary, through inserts, updates,
/// removals (which move later keys back into the hole), growth and shrinking.
@Suite struct RevisionTableTests {
    @Test func behavesLikeADictionaryThroughRandomChanges() {
        var table = RevisionTable()
        var model: [String: Int64] = [:]
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<3000).map { i in
            i % 97 == 0 ? "" + String(repeating: "k", count: i % 300) : "/registry/pods/ns-\(i % 13)/pod-\(i)-é"
        }
        for step in 0..<40_000 {
            let key = keys.randomElement(using: &generator)!
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                table[key] = Int64(step)
                model[key] = Int64(step)
            case 5..<8:
                table[key] = nil
                model[key] = nil
            default:
                #expect(table[key] == model[key], "step \(step): \(key)")
            }
            if step % 5000 == 0 {
                table.shrinkToFit()
            }
        }
        #expect(table.count == model.count)
        for key in keys { #expect(table[key] == model[key]) }
        let entries = table.entries
        #expect(entries.count == model.count)
        #expect(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.revision) }) == model)
        let odd = table.entries { _, revision in revision % 2 == 1 }
        #expect(Dictionary(uniqueKeysWithValues: odd.map { ($0.key, $0.revision) }) == model.filter { $0.value % 2 == 1 })
        for key in keys {
            var utf8 = key
            #expect(utf8.withUTF8 { table.revision(utf8: $0) } == model[key])
        }
    }

    @Test func removingEveryKeyLeavesItEmptyAndUsable() {
        var table = RevisionTable()
        table.reserveCapacity(5000)
        for i in 0..<5000 { table["key-\(i)"] = Int64(i) }
        for i in stride(from: 0, to: 5000, by: 2) { table["key-\(i)"] = nil }
        for i in 0..<5000 { #expect(table["key-\(i)"] == (i % 2 == 0 ? nil : Int64(i))) }
        for i in stride(from: 1, to: 5000, by: 2) { table["key-\(i)"] = nil }
        #expect(table.count == 0)
        #expect(table.entries.isEmpty)
        table["again"] = 7
        #expect(table["again"] == 7)
    }
}

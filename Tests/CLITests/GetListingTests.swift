@testable import CLI
import Etcd
import Foundation
@testable import Ops
import OpsTestSupport
import PodModel
import TerminalText
import Testing

/// `get pods` reads only what its output needs: the streamed table and List are the ones printed
/// whole (the rows themselves are `PodRowDecoder`'s, tested with Ops).
@Suite("get listing")
struct GetListingTests {
    static let prefix = "/registry"

    static func kv(_ key: String, _ value: [UInt8], revision: Int64 = 42) -> KeyValue {
        KeyValue(key: Array("/registry/pods/\(key)".utf8), value: value, createRevision: 7, modRevision: revision, version: 1)
    }

    /// The streamed table is `PodPrinter.table`'s.
    @Test func streamedTableIsTheWholeTable() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let factory = SeedPodFactory(namespaces: 4, seed: 3)
        var rows = (0..<50).map { index -> PodRow in
            let (key, json) = factory.pod(index, now: now)
            return try! GetListing.row(Self.kv("\(key.namespace)/\(key.name)", JSONWriter.compact(json)), prefix: Self.prefix).get()
        }
        rows[3].key.name = "日本語-wide-名前"
        rows[4].status = "bad\u{1B}[2Jstatus"
        let unreadable = [UnreadableEntry(etcdKey: "/registry/pods/ns/x", key: PodKey(namespace: "ns", name: "x"), reason: "bad\nreason",
                                          size: 3, modRevision: 4)]
        for (allNamespaces, wide) in [(true, false), (false, false), (true, true)] {
            var builder = GetListing.TableBuilder(header: PodPrinter.header(allNamespaces: allNamespaces, wide: wide))
            var part = GetListing.TablePart()
            for row in rows {
                let cells = PodPrinter.cells(row, allNamespaces: allNamespaces, wide: wide, now: now)
                part.cells += cells
                part.widths += cells.map { Int32(DisplayWidth.of($0)) }
            }
            builder.add(part)
            for entry in unreadable {
                let cells = PodPrinter.cells(entry, allNamespaces: allNamespaces, wide: wide)
                builder.add(cells, widths: cells.map { Int32(DisplayWidth.of($0)) })
            }
            let printed = Printed()
            builder.write(to: printed.console)
            #expect(printed.text == PodPrinter.table(rows, unreadable: unreadable, allNamespaces: allNamespaces, wide: wide, now: now))
        }
    }

    /// The List written in pieces is the one written whole, hostile strings included.
    @Test(arguments: [0, 1, 2, 7])
    func streamedListIsTheWholeList(count: Int) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let factory = SeedPodFactory(namespaces: 2, seed: 11)
        var records: [PodRecord] = []
        for index in 0..<count {
            let (key, json) = factory.pod(index, now: now)
            var pod = try! Pod(json: json)
            pod.resourceVersion = Int64(10 + index)
            if index == 1 { pod.json.set(.string("x\u{7F}\u{85}\u{1B}[1m\u{2028}<&>"), at: ["metadata", "labels", "evil\u{9B}"]) }
            records.append(PodRecord(key: key, pod: pod, createRevision: 1, modRevision: Int64(10 + index)))
        }
        var list = GetListing.ListWriter()
        var text = GetListing.ListWriter.opening
        // Pieces of 0, 1 and 2 items.
        var start = 0
        var size = 1
        while start < records.count {
            let piece = records[start..<min(records.count, start + size)]
            var bytes: [UInt8] = []
            for (i, record) in piece.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                GetListing.appendItem(record.pod.presented(), to: &bytes)
            }
            text += list.items(bytes)
            start += size
            size = size % 2 + 1
        }
        text += list.closing(revision: 99)
        #expect(text == PodPrinter.document(PodPrinter.list(records, revision: 99), format: .json))
    }
}

/// A console that keeps what is printed.
final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return out
    }
    func append(_ text: String) {
        lock.lock()
        out += text
        lock.unlock()
    }
    var console: Console {
        Console(out: { text in self.append(text) }, err: { _ in })
    }
}

/// `-o json` items written straight from the stored bytes are the ones a full decode writes.
@Suite("get -o json items")
struct ListItemTests {
    /// The fast item, when there is one, equals the full decoder's.
    static func expectSameItem(_ value: [UInt8], _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var fast: [UInt8] = Array("prefix".utf8)
        let taken = PodJSONItem.append(value, resourceVersion: 1234, to: &fast)
        guard taken else {
            #expect(fast == Array("prefix".utf8), "a refused item leaves the output as it was", sourceLocation: sourceLocation)
            return false
        }
        var full: [UInt8] = Array("prefix".utf8)
        switch Pod.decode(value, resourceVersion: 1234) {
        case .success(let pod): GetListing.appendItem(pod.presented(), to: &full)
        case .failure(let error): Issue.record("the fast item took a value the full decoder refuses (\(error)): \(comment)", sourceLocation: sourceLocation)
        }
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: full, as: UTF8.self), "\(comment)", sourceLocation: sourceLocation)
        return true
    }

    @Test func seededPodsAreWrittenFromTheirBytes() {
        for seed in [UInt64(2), 8] {
            let factory = SeedPodFactory(namespaces: 4, seed: seed)
            for index in 0..<200 {
                let (_, json) = factory.pod(index, now: Date(timeIntervalSince1970: 1_800_000_000))
                #expect(Self.expectSameItem(JSONWriter.compact(json), "seed \(seed) pod \(index)"), "a seeded pod takes the fast path")
            }
        }
    }

    static let odd: [String] = PodValueFixtures.oddJSON + [
        #"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"n","uid":"u","namespace":"x","resourceVersion":"9"}}"#,
        #"{"metadata":{"resourceVersion":5,"namespace":"x"},"kind":"Pod"}"#,
        #"{"metadata":{}}"#, #"{"metadata":{"labels":{}},"spec":{"a":[],"b":{}}}"#,
        #"{"metadata":{"name":"<b>&amp;</b>","annotations":{"k<":"v\u2029","c1":"\u0080\u009f\u00a0"}}}"#,
        "{\"metadata\":{\"name\":\"raw <&> \u{7F} \u{80} \u{9F} \u{A0} \u{2028} \u{2029} é 日本 👍\"}}",
        #"{"metadata":{"name":"esc \/ \u00e9 \ud83d\ude00 \ud800 \"q\""}}"#,
        #"{"metadata":{"a":1,"a":2}}"#, #"{"metadata":{"x":{"a":1,"a":2}}}"#, #"{"kind":"Pod","kind":"Pod","metadata":{}}"#,
        #"{"kind":"P\u006fd","metadata":{}}"#, #"{"metadata":[]}"#, #"{"spec":{}}"#,
        #"{"metadata":{"n":[1,-0.5e+3,true,false,null,[],{},[[]],"s"]}}"#,
        // The same member name twice, composed and decomposed: one member to the full parser.
        "{\"metadata\":{\"labels\":{\"caf\u{E9}\":\"1\",\"cafe\u{301}\":\"2\"}}}",
        "{\"metadata\":{\"caf\u{E9}\":1,\"cafe\u{301}\":2}}",
    ]

    @Test func oddValuesAreWrittenAsAFullDecodeWritesThem() {
        for (i, text) in Self.odd.enumerated() {
            _ = Self.expectSameItem(Array(text.utf8), "odd value \(i)")
        }
    }

    @Test func mutatedSeededPodsAreWrittenAsAFullDecodeWritesThem() {
        let factory = SeedPodFactory(namespaces: 3, seed: 6)
        let replacements: [UInt8] = Array("{}[]\",:\\0123456789-+.eEtfnulrsa<&\n\u{1}".utf8) + [0x7F, 0x80, 0xC2, 0xE2, 0xFF]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for index in 0..<40 {
            let original = JSONWriter.compact(factory.pod(index, now: Date(timeIntervalSince1970: 1_800_000_000)).json)
            for _ in 0..<40 {
                let (bytes, position) = PodValueFixtures.mutated(original, replacements: replacements, state: &state)
                _ = Self.expectSameItem(bytes, "pod \(index) changed at \(position)")
            }
        }
    }
}

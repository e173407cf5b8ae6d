@testable import Deck
import Foundation
import Ops
import PodModel
import Screen
import Testing

@Suite("update(): text panes keep offsets, their lines are drawn from the state")
struct PaneStateTests {
    let key = PodKey(namespace: "default", name: "big")

    /// A pod with `labels` labels, created 100 seconds before `fixedNow`.
    func record(labels count: Int, revision: Int64 = 2) throws -> PodRecord {
        var labels: JSONValue = [:]
        for i in 0..<count { labels.set(.string("v\(i)"), at: ["key\(i)"]) }
        let json: JSONValue = ["metadata": ["name": "big", "namespace": "default", "labels": labels,
                                            "creationTimestamp": .string(RFC3339Text.format(fixedNow.addingTimeInterval(-100)))],
                               "spec": ["containers": [["name": "app", "image": "nginx"]]]]
        return PodRecord(key: key, pod: try Pod(json: json), createRevision: 1, modRevision: revision)
    }

    /// The pane open on the pod (`y` for YAML, Enter for details), loaded.
    func opened(_ open: Key, labels: Int, height: Int = 20) throws -> AppState {
        var s = makeState(height: height)
        send(&s, delta([makeRow("default", "big")], replacesAll: true))
        send(&s, .key(open))
        send(&s, .podLoaded(key, record: try record(labels: labels), error: nil))
        return s
    }

    /// The pane's first visible body line on screen (below the title and the rule).
    func firstBodyLine(_ s: AppState) -> String { screenLines(s)[2] }

    @Test func theTickChangesNoPaneStateAndTheAgesRenderFromNow() throws {
        var s = try opened(.enter, labels: 3)
        send(&s, .key(.char("j")))
        let pane = s.pane
        let loaded = s.loaded
        let created = try #require(screenLines(s).first { $0.contains("Created") })
        #expect(created.contains("(\(Pod.humanAge(100)) ago)"))
        let later = fixedNow.addingTimeInterval(3600)
        #expect(send(&s, .tick(later)).isEmpty)
        #expect(s.pane == pane, "the tick leaves the offset and the search alone")
        #expect(s.loaded == loaded)
        let after = try #require(screenLines(s).first { $0.contains("Created") })
        #expect(after.contains("(\(Pod.humanAge(3700)) ago)"), "\(after)")
    }

    @Test func aLongYAMLPaneScrollsByOffsetsAndDrawsOnlyWhatTheOffsetSays() throws {
        var s = try opened(.char("y"), labels: 300)
        let content = PaneContent(s)
        #expect(content.lineCount > 300)
        #expect(s.pane.offset == 0)
        #expect(firstBodyLine(s).hasPrefix(content.text(0)))
        send(&s, .key(.pageDown))
        #expect(s.pane.offset == s.paneRows)
        #expect(firstBodyLine(s).hasPrefix(content.text(s.paneRows)))
        send(&s, .key(.char("j")), .key(.char("j")))
        #expect(s.pane.offset == s.paneRows + 2)
        send(&s, .key(.pageUp), .key(.pageUp))
        #expect(s.pane.offset == 0, "never above the first line")
        send(&s, .key(.char("G")))
        #expect(s.pane.offset == content.lineCount - s.paneRows)
        send(&s, .key(.char("j")), .key(.pageDown))
        #expect(s.pane.offset == content.lineCount - s.paneRows, "never past the last page")
        #expect(screenLines(s)[2 + s.paneRows - 1].hasPrefix(content.text(content.lineCount - 1)))
        send(&s, .key(.char("k")))
        #expect(s.pane.offset == content.lineCount - s.paneRows - 1, "the first key up moves what is on screen")
    }

    @Test func searchingALongYAMLPaneMovesTheOffsetToTheMatches() throws {
        var s = try opened(.char("y"), labels: 300)
        let content = PaneContent(s)
        send(&s, .key(.char("/")))
        for m in keys("KEY25") { send(&s, m) }
        send(&s, .key(.enter))
        let matches = content.matches("key25")
        #expect(matches.count == 11, "key25 and key250…key259")
        #expect(s.pane.query == "KEY25")
        #expect(s.pane.currentLine == matches[0])
        #expect(s.pane.offset == matches[0])
        #expect(firstBodyLine(s).contains("key25: v25"))
        send(&s, .key(.char("n")))
        #expect(s.pane.currentLine == matches[1])
        #expect(firstBodyLine(s).contains("key250: v250"))
        #expect(s.message?.text == "match 2/11")
        send(&s, .key(.char("N")), .key(.char("N")))
        #expect(s.pane.currentLine == matches[10], "wraps around")
        #expect(s.message?.text == "match 11/11")
        // A search starts from the first match at or below the offset.
        send(&s, .key(.char("g")), .key(.char("/")))
        for m in keys("key1") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.pane.currentLine == content.matches("key1")[0])
        send(&s, .key(.char("/")))
        for m in keys("no-such-text") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.pane.currentLine == nil)
        #expect(s.message?.text == "no match for no-such-text")
    }

    @Test func aShorterPodLoadedWhileScrolledBringsTheOffsetBack() throws {
        var s = try opened(.char("y"), labels: 300)
        send(&s, .key(.char("G")))
        #expect(s.pane.offset > 0)
        send(&s, .podLoaded(key, record: try record(labels: 2, revision: 3), error: nil))
        #expect(s.pane.offset == PaneContent(s).maxOffset(rows: s.paneRows))
        send(&s, .resize(Size(width: 120, height: 60)))
        #expect(s.pane.offset == 0, "a taller screen shows the whole short document")
    }
}

@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import Testing

@Suite("update(): every intent, no terminal")
struct UpdateTests {
    func loaded() -> AppState {
        var s = makeState()
        send(&s, delta([
            makeRow("shop", "web-1", restarts: 2, ageSeconds: 100),
            makeRow("shop", "api-1", phase: "Pending", ready: false, ageSeconds: 50, labels: ["tier": "back"]),
            makeRow("ops", "zeta", restarts: 9, ageSeconds: 9000, labels: ["tier": "front"]),
            makeRow("ops", "alpha", ageSeconds: 10),
        ], replacesAll: true))
        return s
    }

    @Test func firstSyncFillsTheListSortedByNameWithoutMarks() {
        let s = loaded()
        #expect(visibleNames(s) == ["alpha", "api-1", "web-1", "zeta"])
        #expect(s.list.marks.isEmpty)
        #expect(s.connection.lastSuccess == fixedNow)
        #expect(s.connection.revision == 10)
        #expect(s.list.phaseCounts["running"] == 3)
        #expect(s.list.phaseCounts["pending"] == 1)
    }

    @Test func navigationKeys() {
        var s = loaded()
        send(&s, .key(.char("j")), .key(.down))
        #expect(s.selected == 2)
        send(&s, .key(.char("k")))
        #expect(s.selected == 1)
        send(&s, .key(.char("G")))
        #expect(s.selected == 3)
        send(&s, .key(.char("g")))
        #expect(s.selected == 0)
        send(&s, .key(.ctrl("f")))
        #expect(s.selected == 3, "page down clamps to the last row")
        send(&s, .key(.pageUp))
        #expect(s.selected == 0)
        send(&s, .key(.up))
        #expect(s.selected == 0, "never above the first row")
    }

    @Test func sortKeysToggleDirection() {
        var s = loaded()
        send(&s, .key(.char("R")))
        #expect(visibleNames(s).first == "zeta", "most restarts first")
        send(&s, .key(.char("R")))
        #expect(visibleNames(s).last == "zeta")
        send(&s, .key(.char("A")))
        #expect(visibleNames(s) == ["alpha", "api-1", "web-1", "zeta"], "newest first")
        send(&s, .key(.char("S")))
        #expect(visibleNames(s).first == "api-1", "Pending sorts before Running")
        send(&s, .key(.char("N")), .key(.char("N")))
        #expect(visibleNames(s) == ["zeta", "web-1", "api-1", "alpha"])
    }

    @Test func filterSubstringInvertedAndLabels() {
        var s = loaded()
        send(&s, .key(.char("/")))
        #expect(s.prompt?.kind == .filter)
        s = { var t = s; for m in keys("ap") { _ = DeckUpdate.update(&t, m) }; return t }()
        #expect(visibleNames(s) == ["api-1"], "filters while typing")
        send(&s, .key(.enter))
        #expect(s.prompt == nil)
        #expect(s.list.filter?.text == "ap")
        send(&s, .key(.escape))
        #expect(s.list.filter == nil)
        #expect(visibleNames(s).count == 4)

        send(&s, .key(.char("/")))
        for m in keys("!shop") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(visibleNames(s) == ["alpha", "zeta"])

        send(&s, .key(.char("/")), .key(.ctrl("u")))
        for m in keys("-l tier=front") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(visibleNames(s) == ["zeta"])
        send(&s, .key(.escape))
        #expect(visibleNames(s).count == 4)
    }

    @Test func filterMatchesStatusImageAndNamespace() {
        var s = loaded()
        send(&s, .key(.char("/")))
        for m in keys("pending") { send(&s, m) }
        #expect(visibleNames(s) == ["api-1"])
        send(&s, .key(.ctrl("u")))
        for m in keys("ops/") { send(&s, m) }
        #expect(visibleNames(s) == ["alpha", "zeta"])
        send(&s, .key(.escape))
        #expect(s.list.filter == nil, "Esc while typing puts back the filter in effect before: none")
    }

    @Test func commandsNamespaceThemeQuitAndUnknown() {
        var s = loaded()
        send(&s, .key(.char(":")))
        for m in keys("ns ops") { send(&s, m) }
        let effects = send(&s, .key(.enter))
        #expect(effects == [.relist(namespace: "ops", generation: 1)])
        #expect(s.namespace == "ops")
        #expect(s.list.count == 0, "old rows are dropped until the new listing arrives")
        // A late sync of the old generation is ignored.
        send(&s, delta([makeRow("shop", "late")], generation: 0))
        #expect(s.list.count == 0)
        send(&s, delta([makeRow("ops", "zeta")], replacesAll: true, generation: 1))
        #expect(visibleNames(s) == ["zeta"])

        send(&s, .key(.char(":")))
        for m in keys("ns all") { send(&s, m) }
        #expect(send(&s, .key(.enter)) == [.relist(namespace: nil, generation: 2)])
        #expect(s.namespace == nil)

        send(&s, .key(.char(":")))
        for m in keys("theme light") { send(&s, m) }
        #expect(send(&s, .key(.enter)) == [.loadTheme("light")])

        send(&s, .key(.char(":")))
        for m in keys("bogus") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.message?.kind == .error)
        #expect(s.message?.text.contains("unknown command :bogus") == true)

        send(&s, .key(.char(":")), .key(.char("q")))
        #expect(send(&s, .key(.enter)) == [.quit])
        #expect(s.shouldQuit)
    }

    @Test func quitKeys() {
        var a = loaded()
        #expect(send(&a, .key(.char("q"))) == [.quit])
        var b = loaded()
        send(&b, .key(.enter))
        #expect(send(&b, .key(.ctrl("c"))) == [.quit], "Ctrl-C quits from a pane too")
        var c = loaded()
        send(&c, .key(.char("/")))
        #expect(send(&c, .key(.ctrl("c"))) == [.quit], "and from a prompt")
    }

    @Test func detailAndYAMLAskForTheFreshObjectAndBackReturns() throws {
        var s = loaded()
        send(&s, .key(.char("j")))
        let effects = send(&s, .key(.enter))
        let key = PodKey(namespace: "shop", name: "api-1")
        #expect(effects == [.loadPod(key)])
        #expect(s.mode == .detail(key))
        #expect(s.loaded?.loading == true)
        let json: JSONValue = ["metadata": ["name": "api-1", "namespace": "shop"], "spec": ["containers": [["name": "app", "image": "nginx"]]]]
        var pod = try Pod(json: json)
        pod.resourceVersion = 7
        let record = PodRecord(key: key, pod: pod, createRevision: 3, modRevision: 7)
        send(&s, .podLoaded(key, record: record, error: nil))
        #expect(s.paneLines.contains { $0.text.contains("Containers (1)") })
        send(&s, .key(.char("y")))
        #expect(s.mode == .yaml(key))
        #expect(s.paneLines.contains { $0.text.contains("resourceVersion") })
        send(&s, .key(.escape))
        #expect(s.mode == .list)
        #expect(send(&s, .key(.char("y"))) == [.loadPod(key)])
    }

    @Test func yamlSearchWithNextAndPrevious() throws {
        var s = makeState(height: 12 + 4)
        let key = PodKey(namespace: "default", name: "big")
        send(&s, delta([makeRow("default", "big")], replacesAll: true))
        send(&s, .key(.char("y")))
        var labels: JSONValue = [:]
        for i in 0..<40 { labels.set(.string("v\(i)"), at: ["key\(i)"]) }
        let json: JSONValue = ["metadata": ["name": "big", "namespace": "default", "labels": labels],
                               "spec": ["containers": [["name": "app", "image": "nginx"]]]]
        send(&s, .podLoaded(key, record: PodRecord(key: key, pod: try Pod(json: json), createRevision: 1, modRevision: 2), error: nil))
        send(&s, .key(.char("/")))
        for m in keys("key3") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.pane.matches.count == 11, "key3 and key30…key39")
        let first = s.pane.offset
        send(&s, .key(.char("n")))
        #expect(s.pane.current == 1)
        send(&s, .key(.char("N")), .key(.char("N")))
        #expect(s.pane.current == 10, "wraps around")
        #expect(first >= 0)
        send(&s, .key(.char("g")))
        #expect(s.pane.offset == 0)
        send(&s, .key(.char("G")))
        #expect(s.pane.offset == s.paneLines.count - s.paneRows)
    }

    @Test func helpIsGeneratedFromTheKeymap() {
        var s = loaded()
        send(&s, .key(.char("?")))
        #expect(s.mode == .help)
        // Long texts wrap onto more lines: compare with the spacing folded.
        let text = s.paneLines.map(\.text).joined(separator: " ").split(separator: " ").joined(separator: " ")
        for binding in Keymap.bindings {
            #expect(text.contains(binding.help), "help lists \(binding.help)")
        }
        send(&s, .key(.escape))
        #expect(s.mode == .list)
    }

    @Test func selectionFollowsThePodAcrossSyncs() {
        var s = loaded()
        send(&s, .key(.char("G")))
        #expect(s.selectedKey?.name == "zeta")
        send(&s, delta([makeRow("ops", "aaa-new")]))
        #expect(s.selectedKey?.name == "zeta")
        #expect(s.list.entry(atVisible: s.selected).row.key.name == "zeta")
    }

    @Test func changesAreMarkedAndDeletedRowsLingerUntilTheMarkExpires() {
        var s = loaded()
        send(&s, delta([makeRow("ops", "new-one"), makeRow("ops", "zeta", restarts: 10, revision: 5)],
                       deletions: [PodKey(namespace: "shop", name: "web-1")], revision: 11))
        #expect(s.list.marks[PodKey(namespace: "ops", name: "new-one")]?.kind == .added)
        #expect(s.list.marks[PodKey(namespace: "ops", name: "zeta")]?.kind == .changed)
        #expect(s.list.marks[PodKey(namespace: "shop", name: "web-1")]?.kind == .deleted)
        #expect(visibleNames(s).contains("web-1"), "a deleted row stays for a moment")
        #expect(s.list.count == 4)
        send(&s, .tick(fixedNow.addingTimeInterval(10)))
        #expect(s.list.marks.isEmpty)
        #expect(!visibleNames(s).contains("web-1"))
    }

    @Test func staleDataIsKeptAndMarkedThenRecovers() {
        var s = loaded()
        send(&s, .syncFailed(reason: "etcd 127.0.0.1:2379: no answer within 5s", at: fixedNow.addingTimeInterval(30),
                             nextRetry: fixedNow.addingTimeInterval(32), generation: 0))
        #expect(s.connection.isStale)
        #expect(visibleNames(s).count == 4, "the last data stays visible")
        send(&s, .tick(fixedNow.addingTimeInterval(30)))
        let banner = screenLines(s)[2]
        #expect(banner.contains("etcd unreachable"))
        #expect(banner.contains("retrying in 2s"))
        #expect(banner.contains("showing data from 30s ago"))
        #expect(banner.contains("no answer within 5s"))
        send(&s, delta([], at: fixedNow.addingTimeInterval(33)))
        #expect(!s.connection.isStale)
        #expect(!screenLines(s)[2].contains("unreachable"))
    }

    @Test func wideToggleAndRefresh() {
        var s = loaded()
        send(&s, .key(.char("w")))
        #expect(s.wide)
        #expect(screenLines(s)[3].contains("LABELS"))
        #expect(send(&s, .key(.char("r"))) == [.refreshNow])
    }

    @Test func mouseClickSelectsAndWheelScrolls() {
        var s = loaded()
        send(&s, .mouse(MouseEvent(x: 10, y: DeckLayout.tableBodyTop + 2, kind: .press(.left))))
        #expect(s.selected == 2)
        send(&s, .mouse(MouseEvent(x: 10, y: 10, kind: .wheelUp)))
        #expect(s.selected == 0)
        send(&s, .mouse(MouseEvent(x: 10, y: 10, kind: .wheelDown)))
        #expect(s.selected == 3)
    }

    @Test func resizeKeepsTheSelectionVisible() {
        var s = makeState(height: 40)
        send(&s, delta((0..<100).map { makeRow("ns", String(format: "pod-%03d", $0)) }, replacesAll: true))
        send(&s, .key(.char("G")))
        send(&s, .resize(Size(width: 80, height: 20)))
        #expect(s.offset <= s.selected && s.selected < s.offset + s.tableRows)
    }
}

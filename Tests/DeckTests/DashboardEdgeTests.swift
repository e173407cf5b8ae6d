@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import TerminalText
import Testing

/// What a new user sees first: the header on a small terminal, starting with etcd unreachable,
/// long messages, prompts and the help.
@Suite("dashboard rough edges")
struct DashboardEdgeTests {
    // MARK: - Header

    @Test func atSixtyColumnsTheFreshnessAndFailingProbesAreNeverCut() {
        var s = sandboxState(width: 60, height: 12)
        let lines = screenLines(s)
        #expect(lines[0].contains("● live"), "\(lines[0])")
        #expect(lines[0].contains("ns all"))
        #expect(lines[1].contains("failing"), "\(lines[1])")
        #expect(lines[1].contains("300 pods"))
        for line in lines { #expect(DisplayWidth.of(line) <= 60) }

        send(&s, .syncFailed(reason: "etcd 127.0.0.1:2379: no answer within 5s (--timeout)", at: fixedNow,
                             nextRetry: fixedNow.addingTimeInterval(2), generation: 0))
        #expect(screenLines(s)[0].hasSuffix("● STALE"))
        s.readonly = true
        #expect(screenLines(s)[0].hasSuffix("● STALE"))
        #expect(screenLines(s)[0].contains("READ-ONLY") || screenLines(s)[0].contains("  RO  "))
    }

    @Test func theFailingProbeCountIsTheNamespaceShown() {
        var s = sandboxState(width: 160, height: 30)
        let all = s.probes.failingPods
        #expect(screenLines(s)[1].contains("\(all) pods failing probes"))
        // The same probe board, showing one namespace: only its pods count.
        let rows = sandboxRows(namespace: "search")
        send(&s, .key(.char(":")))
        for m in keys("ns search") { send(&s, m) }
        send(&s, .key(.enter))
        send(&s, delta(rows, replacesAll: true, revision: 401, generation: s.generation))
        let inSearch = (0..<rows.count).filter { s.probes.cell(for: rows[$0].key).isFailing }.count
        #expect(inSearch > 0 && inSearch < all)
        #expect(screenLines(s)[1].contains("\(inSearch) pod\(inSearch == 1 ? "" : "s") failing probes"), "\(screenLines(s)[1])")
    }

    // MARK: - Starting with etcd unreachable

    @Test func startingSaysWhereItConnectsThenWhyItCouldNotRead() {
        var s = makeState(width: 80, height: 24)
        send(&s, .connecting(endpoints: ["10.9.9.9:2379"]))
        var lines = screenLines(s)
        #expect(lines[0].contains("etcd 10.9.9.9:2379"))
        #expect(lines[4].contains("connecting to 10.9.9.9:2379…"))
        #expect(!lines.joined().contains("no pods"))

        let reason = "etcd 10.9.9.9:2379: no answer within 5s (--timeout); check --endpoints and that etcd is running"
        send(&s, .syncFailed(reason: reason, at: fixedNow, nextRetry: fixedNow.addingTimeInterval(2), generation: 0))
        lines = screenLines(s)
        #expect(!lines.joined().contains("no pods in any namespace"), "nothing was read: no claim that there are no pods")
        let body = lines[4...8].joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(body.contains("could not read pods from etcd: \(reason)"), "the whole reason, wrapped: \(body)")
        #expect(lines[2].hasPrefix(" ⚠ etcd unreachable: etcd 10.9.9.9:2379: no answer within 5s"), "the reason comes first: \(lines[2])")
        #expect(lines[0].contains("NO DATA"))
    }

    @Test func theCountdownNeverRestsAtZero() {
        var s = loadedFour()
        send(&s, .syncFailed(reason: "etcd 127.0.0.1:2379: connection refused", at: fixedNow,
                             nextRetry: fixedNow.addingTimeInterval(2), generation: 0))
        #expect(screenLines(s)[2].contains("retrying in 2s"))
        send(&s, .tick(fixedNow.addingTimeInterval(1.2)))
        #expect(screenLines(s)[2].contains("retrying in 1s"))
        // The retry is under way (an attempt can take up to --timeout): never "0s".
        for t in [2.0, 2.4, 4.0, 6.5] {
            send(&s, .tick(fixedNow.addingTimeInterval(t)))
            #expect(screenLines(s)[2].contains("retrying now…"), "at +\(t)s: \(screenLines(s)[2])")
            #expect(!screenLines(s)[2].contains("0s,"))
        }
    }

    func loadedFour() -> AppState {
        var s = makeState(width: 120, height: 30)
        send(&s, delta([makeRow("shop", "web-1"), makeRow("shop", "api-1", phase: "Pending"),
                        makeRow("ops", "alpha"), makeRow("ops", "zeta")], replacesAll: true))
        return s
    }

    // MARK: - Status line

    @Test(arguments: [60, 80, 120])
    func longMessagesWrapInsteadOfBeingCut(width: Int) {
        var s = loadedFour()
        s.size = Size(width: width, height: 24)
        let text = "pod shop/web-1 was not saved: metadata.name cannot change in an edit (web-1 → web-2); to rename, "
            + "create web-2 from your file (kept in /tmp/poddeck-edit-shop-web-1-1234.yaml) and delete web-1"
        send(&s, .edit(.finished(text, .error)))
        let lines = screenLines(s)
        let shown = lines[..<(lines.count - 1)].suffix(5).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(shown.contains(text), "the whole message is on screen at \(width) columns:\n\(lines.joined(separator: "\n"))")
        #expect(lines.last?.contains("help") == true, "the key hints stay")
    }

    @Test func aMessageFromTheLastEditIsGoneWhenTheNextEditIsReviewed() {
        var s = loadedFour()
        send(&s, .edit(.finished("pod shop/api-1 saved (revision 31)", .info)))
        #expect(s.message != nil)
        send(&s, .key(.char("e")))
        #expect(s.message == nil, "starting an edit clears what the last one said")
        s.message = StatusMessage(text: "pod shop/api-1 saved (revision 31)", kind: .info, until: fixedNow + 60)
        send(&s, .edit(.review(ReviewState(key: PodKey(namespace: "shop", name: "api-1"), title: "edit shop/api-1",
                                            diff: ["- a", "+ b"], baseRevision: 30, file: "/tmp/x.yaml"))))
        #expect(s.mode == .review)
        #expect(!screenLines(s).joined().contains("saved (revision 31)"))
    }

    // MARK: - Prompts

    @Test func aFilterBeingTypedReportsNothingAndEnterSaysWhatIsWrong() {
        var s = loadedFour()
        send(&s, .key(.char("/")))
        for m in keys("-l =bad") {
            send(&s, m)
            #expect(s.message == nil, "no error while typing")
        }
        #expect(visibleNames(s).count == 4)
        send(&s, .key(.enter))
        #expect(s.prompt?.text == "-l =bad", "the prompt stays open with the text")
        let message = try! #require(s.message)
        #expect(message.kind == .error)
        #expect(!message.text.contains("  "), "no double space: \(message.text)")
        #expect(screenLines(s).joined().contains("=bad"))
        // Fixing the text clears the error; Enter applies it.
        send(&s, .key(.ctrl("u")))
        #expect(s.message == nil)
        for m in keys("-l tier=back") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.prompt == nil)
        #expect(s.list.filter?.text == "-l tier=back")
    }

    @Test func escInTheFilterPromptKeepsTheFilterThatWasInEffect() {
        var s = loadedFour()
        send(&s, .key(.char("/")))
        for m in keys("ap") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(visibleNames(s) == ["api-1"])
        send(&s, .key(.char("/")), .key(.ctrl("u")))
        for m in keys("zet") { send(&s, m) }
        #expect(visibleNames(s) == ["zeta"], "still filters while typing")
        send(&s, .key(.escape))
        #expect(s.prompt == nil)
        #expect(s.list.filter?.text == "ap", "Esc cancels the edit, as the hint says")
        #expect(visibleNames(s) == ["api-1"])
        send(&s, .key(.escape))
        #expect(s.list.filter == nil, "Esc on the list clears the filter")
    }

    @Test func theSearchPromptOpensEmpty() throws {
        var s = makeState(width: 120, height: 30)
        let key = PodKey(namespace: "default", name: "big")
        send(&s, delta([makeRow("default", "big")], replacesAll: true))
        send(&s, .key(.char("y")))
        let json: JSONValue = ["metadata": ["name": "big", "namespace": "default"], "spec": ["containers": [["name": "app", "image": "nginx"]]]]
        send(&s, .podLoaded(key, record: PodRecord(key: key, pod: try Pod(json: json), createRevision: 1, modRevision: 2), error: nil))
        send(&s, .key(.char("/")))
        for m in keys("image") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.pane.query == "image")
        send(&s, .key(.char("/")))
        #expect(s.prompt?.text == "", "a new search starts empty")
        for m in keys("name") { send(&s, m) }
        send(&s, .key(.enter))
        #expect(s.pane.query == "name")
    }

    // MARK: - Help

    @Test(arguments: [60, 80, 120])
    func helpKeepsAGapAfterTheKeysAndNeverTouchesTheScrollbar(width: Int) {
        var s = loadedFour()
        s.size = Size(width: width, height: 30)
        send(&s, .key(.char("?")))
        let text = s.paneLines.map(\.text)
        let back = try! #require(text.first { $0.contains("Esc q Backspace") })
        #expect(back.contains("Esc q Backspace  "), "a gap after the widest keys: \(back)")
        #expect(text.contains { $0.contains(":set image C=IMG ") }, "the command is whole")
        // Every line leaves the column before the scrollbar blank.
        for line in text { #expect(DisplayWidth.of(line) <= width - 2, "\(line)") }
        // Nothing is lost to wrapping: every help text is there.
        let joined = text.joined(separator: " ").split(separator: " ").joined(separator: " ")
        for binding in Keymap.bindings { #expect(joined.contains(binding.help)) }
        // A resize wraps again.
        send(&s, .resize(Size(width: 200, height: 30)))
        #expect(s.paneLines.contains { $0.text.contains(Keymap.bindings.first { $0.intent == .startCommand }!.help) })
    }
}

@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import Testing

@Suite("marks: space, Ctrl-Space, Ctrl-\\ and bulk actions, no terminal")
struct MarkTests {
    func loaded() -> AppState {
        var s = makeState()
        send(&s, delta([
            makeRow("shop", "web-1", revision: 11), makeRow("shop", "api-1", revision: 12),
            makeRow("ops", "zeta", revision: 13), makeRow("ops", "alpha", revision: 14),
        ], replacesAll: true))
        return s
    }

    func marked(_ s: AppState) -> [String] { s.marks.keys.map(\.name).sorted() }

    @Test func spaceMarksAndMovesCtrlSpaceMarksARangeCtrlBackslashClears() {
        var s = loaded()
        send(&s, .key(.char(" ")))
        #expect(marked(s) == ["alpha"])
        #expect(s.selected == 1, "space moves to the next row")
        send(&s, .key(.char("j")), .key(.char("j")), .key(.ctrl(" ")))
        #expect(marked(s) == ["alpha", "api-1", "web-1", "zeta"])
        send(&s, .key(.char("g")), .key(.char(" ")))
        #expect(marked(s) == ["api-1", "web-1", "zeta"], "space again unmarks")
        send(&s, .key(.ctrl("\\")))
        #expect(s.marks.isEmpty)
    }

    @Test func marksSurviveSortFilterAndRefreshAndVanishWithTheirPod() {
        var s = loaded()
        send(&s, .key(.char(" ")), .key(.char(" ")))
        #expect(marked(s) == ["alpha", "api-1"])
        send(&s, .key(.char("R")), .key(.char("/")))
        for msg in keys("zeta") { send(&s, msg) }
        send(&s, .key(.enter))
        #expect(visibleNames(s) == ["zeta"])
        send(&s, delta([makeRow("shop", "api-1", revision: 20)]))
        #expect(marked(s) == ["alpha", "api-1"], "sorting, filtering and a refresh keep marks")
        send(&s, delta([], deletions: [PodKey(namespace: "ops", name: "alpha")]))
        #expect(marked(s) == ["api-1"], "a deleted pod's mark goes with it")
        let screen = screenLines(s).joined(separator: "\n")
        #expect(screen.contains("1 marked"), "the header counts marks")
    }

    @Test func markedRowsShowAGlyphNotOnlyAColour() {
        var s = loaded()
        send(&s, .key(.char(" ")))
        let row = screenLines(s).first { $0.contains("alpha") } ?? ""
        #expect(row.contains("●"), "\(row)")
    }

    @Test func ctrlDWithMarksConfirmsOneTransactionAtTheShownRevisions() {
        var s = loaded()
        send(&s, .key(.char(" ")), .key(.char(" ")))
        send(&s, .key(.ctrl("d")))
        guard case .bulk(let request)? = s.confirm?.action else {
            Issue.record("expected a bulk confirmation, got \(String(describing: s.confirm))")
            return
        }
        #expect(request.action == .delete)
        #expect(request.pods == [ShownPod(key: PodKey(namespace: "ops", name: "alpha"), revision: 14),
                                 ShownPod(key: PodKey(namespace: "shop", name: "api-1"), revision: 12)])
        #expect(s.confirm?.body.joined(separator: "\n").contains("one transaction") == true)
        let effects = send(&s, .key(.enter))
        #expect(effects == [.edit(.bulk(request))])
    }

    @Test func labelWithMarksActsOnTheMarkedPods() {
        var s = loaded()
        send(&s, .key(.char(" ")), .key(.char(" ")), .key(.char(":")))
        for msg in keys("label tier=x") { send(&s, msg) }
        let effects = send(&s, .key(.enter))
        guard case .edit(.bulk(let request))? = effects.first else {
            Issue.record("expected a bulk patch, got \(effects)")
            return
        }
        #expect(request.action == .patch([.setLabel(key: "tier", value: "x")]))
        #expect(request.pods.map(\.key.name) == ["alpha", "api-1"])
    }

    @Test func aConflictOffersARetryOnTheCurrentVersions() {
        var s = loaded()
        let alpha = PodKey(namespace: "ops", name: "alpha"), api = PodKey(namespace: "shop", name: "api-1")
        let request = BulkRequest(action: .delete, pods: [ShownPod(key: alpha, revision: 14), ShownPod(key: api, revision: 12)])
        send(&s, .edit(.bulk(.changed(request, changed: [ChangedPod(key: api, expectedRevision: 12, currentRevision: 30, current: nil)]))))
        guard case .bulk(let retry)? = s.confirm?.action else {
            Issue.record("expected a retry question")
            return
        }
        #expect(retry.pods == [ShownPod(key: alpha, revision: 14), ShownPod(key: api, revision: 30)])
        let body = s.confirm?.body.joined(separator: "\n") ?? ""
        #expect(body.contains("shop/api-1 (revision 12, now 30)"), "\(body)")
        #expect(body.contains("Nothing was written"))
        send(&s, .edit(.bulk(.tooLarge(request, pods: 200, chunks: 2, maxOps: 128))))
        guard case .bulk(let chunked)? = s.confirm?.action else {
            Issue.record("expected a chunk question")
            return
        }
        #expect(chunked.allowChunks)
    }
}

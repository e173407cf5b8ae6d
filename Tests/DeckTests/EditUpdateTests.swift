@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import Testing

@Suite("update(): editing intents and engine reports")
struct EditUpdateTests {
    func loaded(readonly: Bool = false) -> AppState {
        var s = makeState()
        s.readonly = readonly
        send(&s, delta([makeRow("shop", "web", revision: 7), makeRow("shop", "api", revision: 9)], replacesAll: true))
        return s
    }

    @Test func editCreateDeleteAndHistoryKeys() {
        var s = loaded()
        #expect(send(&s, .key(.char("e"))) == [.edit(.begin(PodKey(namespace: "shop", name: "api")))])
        #expect(s.busy?.contains("editing shop/api") == true)
        var c = loaded()
        #expect(send(&c, .key(.char("c"))) == [.edit(.create(namespace: "shop"))], "namespace of the selection when showing all")
        var d = loaded()
        #expect(send(&d, .key(.ctrl("d"))).isEmpty, "delete asks first")
        #expect(d.confirm?.action == .delete(PodKey(namespace: "shop", name: "api"), revision: 9))
        #expect(send(&d, .key(.char("n"))).isEmpty)
        #expect(d.confirm == nil)
        send(&d, .key(.ctrl("d")))
        #expect(send(&d, .key(.enter)) == [.edit(.delete(PodKey(namespace: "shop", name: "api"), revision: 9))])
        var h = loaded()
        #expect(send(&h, .key(.char("h"))) == [.edit(.loadHistory(PodKey(namespace: "shop", name: "api")))])
        #expect(h.mode == .history(PodKey(namespace: "shop", name: "api")))
    }

    @Test func readonlyRefusesEveryWriteIntent() {
        for key in [Key.char("e"), .char("c"), .ctrl("d")] {
            var s = loaded(readonly: true)
            #expect(send(&s, .key(key)).isEmpty)
            #expect(s.confirm == nil)
            #expect(s.message?.text.contains("read-only mode") == true)
        }
        var s = loaded(readonly: true)
        send(&s, .key(.char(":")))
        for m in keys("label tier=web") { send(&s, m) }
        #expect(send(&s, .key(.enter)).isEmpty)
        #expect(s.message?.text.contains("read-only mode") == true)
    }

    @Test func quickPatchCommandsParseOrExplain() {
        var s = loaded()
        send(&s, .key(.char(":")))
        for m in keys("set image web=nginx:1.27") { send(&s, m) }
        #expect(send(&s, .key(.enter)) == [.edit(.quickPatch(PodKey(namespace: "shop", name: "api"), command: "set image web=nginx:1.27", shownRevision: 9))])
        send(&s, .key(.char(":")))
        for m in keys("label") { send(&s, m) }
        #expect(send(&s, .key(.enter)).isEmpty)
        #expect(s.message?.kind == .error)
    }

    @Test func reviewSaveOrCancel() {
        var s = loaded()
        let review = ReviewState(key: PodKey(namespace: "shop", name: "web"), title: "edit shop/web",
                                 diff: ["--- a", "+++ b", "@@ -1 +1 @@", "-  image: a", "+  image: b"], baseRevision: 7, file: "/tmp/f.yaml")
        send(&s, .edit(.review(review)))
        #expect(s.mode == .review)
        #expect(PaneContent(s).lines.contains { $0.text.contains("+  image: b") })
        #expect(PaneContent(s).lines.contains { $0.text.contains("still at revision 7") })
        #expect(send(&s, .key(.enter)) == [.edit(.choose(.save(file: "/tmp/f.yaml")))])
        send(&s, .edit(.finished("pod shop/web saved (revision 8)", .info)))
        #expect(s.mode == .list)
        #expect(s.message?.text == "pod shop/web saved (revision 8)")

        send(&s, .edit(.review(review)))
        #expect(send(&s, .key(.escape)) == [.edit(.choose(.cancel(file: "/tmp/f.yaml")))])
        #expect(s.message?.text.contains("/tmp/f.yaml") == true, "says where the edit is kept")
    }

    @Test func conflictChoices() {
        func conflicted() -> AppState {
            var s = loaded()
            send(&s, .edit(.conflict(ConflictState(key: PodKey(namespace: "shop", name: "web"),
                                                   lines: ["spec.containers[name=web].image: base \"a\", mine \"b\", theirs \"c\""],
                                                   mine: 1, theirs: 2, currentRevision: 12, baseRevision: 7, file: "/tmp/f.yaml"))))
            return s
        }
        var a = conflicted()
        #expect(a.mode == .conflict)
        #expect(PaneContent(a).lines.contains { $0.text.contains("spec.containers[name=web].image") })
        #expect(send(&a, .key(.char("e"))) == [.edit(.choose(.editAgain(file: "/tmp/f.yaml")))])
        var b = conflicted()
        #expect(send(&b, .key(.char("o"))).isEmpty, "overwrite asks first")
        #expect(b.confirm?.action == .overwrite(theirRevision: 12))
        #expect(send(&b, .key(.char("y"))) == [.edit(.choose(.overwrite(theirRevision: 12)))])
        var c = conflicted()
        #expect(send(&c, .key(.char("t"))) == [.edit(.choose(.takeTheirs(theirRevision: 12)))])
        #expect(c.mode == .list)
        var d = conflicted()
        #expect(send(&d, .key(.escape)) == [.edit(.choose(.cancel(file: "/tmp/f.yaml")))])
    }

    @Test func deletedMeanwhileOffersToRecreate() {
        var s = loaded()
        send(&s, .edit(.deletedMeanwhile(PodKey(namespace: "shop", name: "web"), file: "/tmp/f.yaml")))
        #expect(s.confirm?.action == .recreate(PodKey(namespace: "shop", name: "web"), file: "/tmp/f.yaml"))
        #expect(send(&s, .key(.enter)) == [.edit(.choose(.recreate(PodKey(namespace: "shop", name: "web"))))])
    }
}

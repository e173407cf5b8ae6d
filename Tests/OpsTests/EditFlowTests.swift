@testable import Ops
import PodModel
import Testing

/// The edit conversation without a server, a file or an editor: each row starts the flow,
/// feeds it events and checks every action it answers with.
@Suite("EditFlow: the edit conversation as a state machine")
struct EditFlowTests {
    static let key = PodKey(namespace: "shop", name: "web")
    static let file = "/state/poddeck/edits/shop-web.yaml"
    static let subject = EditFlow.Subject(kind: .edit, key: key)
    static let started = EditFlowEvent.started(subject, file: file, baseRevision: 7)

    static func pod(_ image: String) -> Pod {
        // Force-try is safe: the document is a literal.
        try! Pod(userDocument: DocumentReader.read("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: shop
            spec:
              containers:
              - name: web
                image: \(image)
            """))
    }

    static let mine = pod("nginx:1.27")
    static let report = ConflictReport(
        key: key, baseRevision: 7,
        current: PodRecord(key: key, pod: pod("nginx:1.26"), createRevision: 2, modRevision: 12),
        mine: mine, conflicts: [MergeConflict(path: "spec.containers[name=web].image", base: .string("nginx:1.25"),
                                              mine: .string("nginx:1.27"), theirs: .string("nginx:1.26"))],
        mergeProblems: [], myChangeCount: 1, theirChangeCount: 1)
    static let problems = [EditProblem(line: 9, column: 3, message: "expected a mapping")]
    static let unreadable = UnreadableEntry(etcdKey: "/registry/pods/shop/web", key: key, reason: "not JSON", size: 3, modRevision: 13)

    static func done(_ outcome: EditFlowResult.Outcome, _ file: EditFlowResult.FileFate) -> EditFlowAction {
        .finish(EditFlowResult(outcome: outcome, file: file, key: key))
    }

    /// One conversation: what is fed in after the start, and every action expected (the first
    /// answers the start).
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var review = false
        var events: [EditFlowEvent]
        var actions: [EditFlowAction]
        var testDescription: String { name }
    }

    static let edited: [EditFlowEvent] = [.editorExited(.exited(0))]
    static let ready = EditFlowEvent.readBack(.ready(mine, diff: "-a\n+b"))
    static let keep = EditFlowResult.FileFate.keep(file)
    static let remove = EditFlowResult.FileFate.remove(file)
    static let open = EditFlowAction.launchEditor(file: file)
    static let read = EditFlowAction.readBack(file: file)
    static let write = EditFlowAction.write(mine, baseRevision: 7)
    static let conflict = EditFlowAction.showConflict(report, file: file)
    static let review = EditReview(key: key, title: "edit shop/web", diff: ["-a", "+b"], baseRevision: 7, file: file, pod: mine)

    static let rows: [Row] = [
        Row(name: "unchanged: nothing written, file removed, cancelled",
            events: edited + [.readBack(.unchanged)],
            actions: [open, read, done(.cancelled, remove)]),
        Row(name: "emptied on the first round: cancelled",
            events: edited + [.readBack(.emptied)],
            actions: [open, read, done(.cancelled, remove)]),
        Row(name: "invalid, then fixed: reopened with the errors, then saved",
            events: edited + [.readBack(.invalid(problems)), .fileRewritten, .editorExited(.exited(0)), ready, .saveFinished(.saved(revision: 8))],
            actions: [open, read, .rewriteWithErrors(problems, file: file), open, read, write, done(.saved(revision: 8), remove)]),
        Row(name: "invalid, then closed unchanged: gave up, file kept",
            events: edited + [.readBack(.invalid(problems)), .fileRewritten, .editorExited(.exited(0)), .readBack(.unchangedWithErrors(problems))],
            actions: [open, read, .rewriteWithErrors(problems, file: file), open, read, done(.unchangedWithErrors(problems), keep)]),
        Row(name: "invalid, then emptied: the last text comes back with the errors and is kept",
            events: edited + [.readBack(.invalid(problems)), .fileRewritten, .editorExited(.exited(0)), .readBack(.emptied), .fileRewritten],
            actions: [open, read, .rewriteWithErrors(problems, file: file), open, read, .rewriteWithErrors(problems, file: file),
                      done(.abandonedWithErrors(problems), keep)]),
        Row(name: "renamed: refused, file kept",
            events: edited + [.readBack(.identityChanged("metadata.name was changed"))],
            actions: [open, read, done(.refused("metadata.name was changed"), keep)]),
        Row(name: "editor exits non-zero: nothing read, file kept",
            events: [.editorExited(.exited(2))],
            actions: [open, done(.editorFailed(.exited(2)), keep)]),
        Row(name: "editor cannot start: file kept",
            events: [.editorExited(.notStarted("vi: not found"))],
            actions: [open, done(.editorFailed(.notStarted("vi: not found")), keep)]),
        Row(name: "saved on the base revision",
            events: edited + [ready, .saveFinished(.saved(revision: 8))],
            actions: [open, read, write, done(.saved(revision: 8), remove)]),
        Row(name: "merged with a concurrent change",
            events: edited + [ready, .saveFinished(.merged(revision: 9, mine: 1, theirs: 2))],
            actions: [open, read, write, done(.merged(revision: 9, mine: 1, theirs: 2), remove)]),
        Row(name: "review: shown, then saved",
            review: true,
            events: edited + [ready, .chose(.save(file: file)), .saveFinished(.saved(revision: 8))],
            actions: [open, read, .showReview(review), write, done(.saved(revision: 8), remove)]),
        Row(name: "review: cancelled keeps the file",
            review: true,
            events: edited + [ready, .chose(.cancel(file: file))],
            actions: [open, read, .showReview(review), done(.notSaved, keep)]),
        Row(name: "review: a save for another file is ignored",
            review: true,
            events: edited + [ready, .chose(.save(file: "/elsewhere.yaml"))],
            actions: [open, read, .showReview(review), .ignore("the choice save(file: \"/elsewhere.yaml\") does not apply while reviewing")]),
        Row(name: "conflict → edit again: merged file, new base, then saved",
            events: edited + [ready, .saveFinished(.conflict(report)), .chose(.editAgain(file: file)), .fileRewritten,
                              .editorExited(.exited(0)), ready, .saveFinished(.saved(revision: 13))],
            actions: [open, read, write, conflict, .prepareEditAgain(report, file: file), open, read,
                      .write(mine, baseRevision: 12), done(.saved(revision: 13), remove)]),
        Row(name: "conflict → overwrite on their revision",
            events: edited + [ready, .saveFinished(.conflict(report)), .chose(.overwrite(theirRevision: 12)), .saveFinished(.saved(revision: 13))],
            actions: [open, read, write, conflict, .overwrite(report), done(.saved(revision: 13), remove)]),
        Row(name: "conflict → overwrite of a revision not shown is ignored",
            events: edited + [ready, .saveFinished(.conflict(report)), .chose(.overwrite(theirRevision: 11))],
            actions: [open, read, write, conflict, .ignore("the choice overwrite(theirRevision: 11) does not apply while resolving a conflict")]),
        Row(name: "conflict → take theirs: nothing written, file kept",
            events: edited + [ready, .saveFinished(.conflict(report)), .chose(.takeTheirs(theirRevision: 12))],
            actions: [open, read, write, conflict, done(.tookTheirs(revision: 12), keep)]),
        Row(name: "conflict → cancel: the conflict is the outcome, file kept",
            events: edited + [ready, .saveFinished(.conflict(report)), .chose(.cancel(file: file))],
            actions: [open, read, write, conflict, done(.conflict(report), keep)]),
        Row(name: "deleted meanwhile → re-created",
            events: edited + [ready, .saveFinished(.deletedMeanwhile), .chose(.recreate(key)), .saveFinished(.saved(revision: 20))],
            actions: [open, read, write, .askRecreate(key, file: file), .recreate(mine, key: key), done(.saved(revision: 20), remove)]),
        Row(name: "deleted meanwhile → left: file kept",
            events: edited + [ready, .saveFinished(.deletedMeanwhile), .chose(.cancel(file: file))],
            actions: [open, read, write, .askRecreate(key, file: file), done(.deletedMeanwhile(key), keep)]),
        Row(name: "unreadable: nothing written, file kept",
            events: edited + [ready, .saveFinished(.unreadable(unreadable))],
            actions: [open, read, write, done(.unreadable(unreadable, key), keep)]),
        Row(name: "outcome unknown: file kept and its path reported",
            events: edited + [ready, .saveFinished(.outcomeUnknown("connection lost"))],
            actions: [open, read, write, done(.outcomeUnknown("connection lost"), keep)]),
        Row(name: "etcd failed: file kept",
            events: edited + [ready, .saveFinished(.failed("etcd unavailable; nothing written"))],
            actions: [open, read, write, done(.failed("etcd unavailable; nothing written"), keep)]),
        Row(name: "a save result while editing is ignored",
            events: [.saveFinished(.saved(revision: 8))],
            actions: [open, .ignore("a save result does not apply while editing")]),
    ]

    @Test(arguments: rows)
    func conversation(_ row: Row) {
        var flow = EditFlow(review: row.review)
        var actions = [flow.on(Self.started)]
        for event in row.events { actions.append(flow.on(event)) }
        #expect(actions == row.actions)
    }

    @Test func aStartThatFailsEndsWithoutAFile() {
        var flow = EditFlow()
        let action = flow.on(.startFailed("pod shop/web not found"))
        #expect(action == .finish(EditFlowResult(outcome: .failed("pod shop/web not found"), file: .none, key: nil)))
        #expect(flow.isDone)
    }

    @Test func aCreateTakesItsKeyFromTheDocumentAndTitlesTheReview() {
        var flow = EditFlow(review: true)
        _ = flow.on(.started(EditFlow.Subject(kind: .create(namespace: "shop"), key: nil), file: Self.file, baseRevision: nil))
        _ = flow.on(.editorExited(.exited(0)))
        guard case .showReview(let review) = flow.on(Self.ready) else { Issue.record("expected a review"); return }
        #expect(review.title == "create shop/web")
        #expect(review.key == Self.key)
        #expect(flow.on(.chose(.save(file: Self.file))) == .write(Self.mine, baseRevision: nil))
    }

    struct MessageRow: Sendable, CustomTestStringConvertible {
        var outcome: EditFlowResult.Outcome
        var file: EditFlowResult.FileFate
        var text: String
        var testDescription: String { text }
    }

    static let messages: [MessageRow] = [
        MessageRow(outcome: .cancelled, file: remove, text: "Edit cancelled, no changes made."),
        MessageRow(outcome: .saved(revision: 8), file: remove, text: "pod shop/web saved (revision 8)"),
        MessageRow(outcome: .outcomeUnknown("connection lost"), file: keep,
                   text: "connection lost; the save may or may not have landed: check the pod before saving again; your edit is kept in \(file)"),
        MessageRow(outcome: .editorFailed(.exited(2)), file: keep,
                   text: "the editor exited with status 2; nothing was written; your edit is kept in \(file)"),
        MessageRow(outcome: .tookTheirs(revision: 12), file: keep, text: "kept their version; nothing was written; your edit is kept in \(file)"),
    ]

    @Test(arguments: messages)
    func messagesSayWhereTheFileIs(_ row: MessageRow) {
        #expect(EditFlowResult(outcome: row.outcome, file: row.file, key: Self.key).message == row.text)
    }
}

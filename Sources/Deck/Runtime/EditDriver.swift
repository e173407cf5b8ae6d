import Etcd
import Foundation
import Ops
import PodModel

/// Carries out the dashboard's edit requests: the edit conversation itself is an ``EditFlow``
/// (the same one `poddeck edit` drives); this driver performs its actions — suspending the
/// screen for `$EDITOR`, reading and rewriting the file, saving with compare-and-swap — and
/// reports what the views show as messages. Whatever does not end in a successful save leaves
/// the operator's file on disk and says where.
@MainActor
final class EditDriver {
    let store: PodStore
    let settings: DeckSettings
    let environment: [String: String]
    let send: MessageSink
    /// Suspends the screen around the editor (the runtime's terminal).
    let withTerminalSuspended: @MainActor (@MainActor () async -> EditorExit) async -> EditorExit
    /// The decisions of the edit under way.
    var flow = EditFlow()
    /// The file and store side of the edit under way (what the flow's actions act on).
    var session: EditSession?
    var history: PodHistory?

    init(store: PodStore, settings: DeckSettings, environment: [String: String], send: MessageSink,
         withTerminalSuspended: @escaping @MainActor (@MainActor () async -> EditorExit) async -> EditorExit) {
        self.store = store
        self.settings = settings
        self.environment = environment
        self.send = send
        self.withTerminalSuspended = withTerminalSuspended
    }

    func report(_ event: EditEvent) { send.yield(.edit(event)) }

    func finish(_ text: String, _ kind: StatusMessage.Kind = .info) {
        report(.finished(text, kind))
    }

    func perform(_ request: EditRequest) async {
        switch request {
        case .begin(let key):
            do {
                try await start(EditSession.begin(store: store, key: key, readonly: settings.readonly, environment: environment))
            } catch {
                finish("cannot edit \(key): \(error.description)", .error)
            }
        case .create(let namespace):
            do {
                try await start(EditSession.create(store: store, namespace: namespace, readonly: settings.readonly, environment: environment))
            } catch {
                finish("cannot create a pod: \(error.description)", .error)
            }
        case .rollback(let key, let revision):
            guard let version = history?.versions.first(where: { $0.revision == revision }) else {
                return finish("revision \(revision) of \(key) is not loaded; open the history again", .error)
            }
            do {
                try await start(EditSession.rollback(store: store, key: key, to: version, readonly: settings.readonly,
                                                     environment: environment))
            } catch {
                finish("cannot roll back \(key): \(error.description)", .error)
            }
        case .choose(let choice):
            await drive(flow.on(.chose(choice)))
        case .quickPatch(let key, let command, let shownRevision):
            await quickPatch(key, command, shownRevision: shownRevision)
        case .delete(let key, let revision):
            await delete(key, revision)
        case .bulk(let request):
            await bulk(request)
        case .loadHistory(let key):
            do {
                let h = try await PodHistory.load(store: store, key: key)
                history = h
                report(.historyLoaded(HistoryState(key: key, versions: h.versions, note: h.note)))
            } catch {
                report(.historyFailed(key, "history of \(key): \(error.description)"))
            }
        }
    }

    /// Starts a new conversation on `session`'s file.
    func start(_ session: EditSession) async {
        self.session = session
        flow = EditFlow(review: settings.editConfirm)
        await drive(flow.on(session.flowStart))
    }

    /// Carries out actions until the flow waits for the operator or ends.
    func drive(_ first: EditFlowAction) async {
        var action = first
        while true {
            switch action {
            case .launchEditor(let file):
                report(.busy("editing \(flow.subject?.key.map(\.description) ?? "a new pod") in $EDITOR…"))
                let exit: EditorExit
                do {
                    let launcher = try TerminalEditorLauncher(environment: environment)
                    exit = await withTerminalSuspended { await launcher.edit(file) }
                } catch {
                    exit = .notStarted(String(describing: error))
                }
                action = flow.on(.editorExited(exit))
            case .showReview(let review):
                return report(.review(ReviewState(review)))
            case .showConflict(let conflict, let file):
                return report(.conflict(ConflictState(key: conflict.key, lines: conflict.lines, mine: conflict.myChangeCount,
                                                      theirs: conflict.theirChangeCount, currentRevision: conflict.currentRevision,
                                                      baseRevision: conflict.baseRevision, file: file)))
            case .askRecreate(let key, let file):
                return report(.deletedMeanwhile(key, file: file))
            case .finish(let result):
                if var s = session { _ = await s.perform(action) }
                session = nil
                return finish(result.message, StatusMessage.Kind(result.severity))
            case .ignore:
                // A choice about a question no longer asked: nothing to do.
                return report(.busy(nil))
            case .readBack, .rewriteWithErrors, .prepareEditAgain, .write, .overwrite, .recreate:
                switch action {
                case .write: report(.busy("saving…"))
                case .overwrite: report(.busy("overwriting…"))
                case .recreate: report(.busy("re-creating…"))
                default: break
                }
                guard var s = session, let event = await s.perform(action) else {
                    return finish("the edit stopped: there is no edit under way", .error)
                }
                session = s
                action = flow.on(event)
            }
        }
    }

    /// Makes a quick patch on the pod as it is now, saying so when it moved since the revision shown.
    func quickPatch(_ key: PodKey, _ command: String, shownRevision: Int64) async {
        let patch: QuickPatch
        do { patch = try QuickPatch.parse(command) } catch { return finish(error.description, .error) }
        if settings.readonly { return finish("not patched: \(ReadOnly.refusal("patch").description)", .error) }
        let record: PodRecord
        do {
            guard let found = try await store.get(key) else { return finish("pod \(key) no longer exists", .warning) }
            record = found
        } catch {
            switch error {
            case .unreadable(let entry): return finish("not patched: \(entry.line(for: key))", .error)
            default: return finish("not patched: \(error.description)", .error)
            }
        }
        let moved = record.modRevision != shownRevision ? "; it had changed since revision \(shownRevision) was shown" : ""
        switch await patch.apply(store: store, from: record, readonly: settings.readonly) {
        case .patched(let revision, let conflicts):
            finish("pod \(key) patched (revision \(revision))\(conflicts > 0 ? " after \(conflicts) concurrent change\(conflicts == 1 ? "" : "s")" : "")\(moved)")
        case .unchanged:
            finish("pod \(key) already had that; nothing written")
        case .invalid(let errors):
            finish("not patched: " + errors.joined(separator: "; "), .error)
        case .notFound:
            finish("pod \(key) no longer exists", .warning)
        case .unreadable(let entry):
            finish("not patched: \(entry.line(for: key))", .error)
        case .gaveUp(let attempts):
            finish("not patched: the pod changed on each of \(attempts) tries", .error)
        case .failed(let text):
            finish("not patched: \(text)", .error)
        }
    }

    func delete(_ key: PodKey, _ revision: Int64) async {
        switch await DeleteCheck.delete(store: store, key: key, revision: revision, readonly: settings.readonly) {
        case .deleted(let rev):
            finish("pod \(key) deleted (revision \(rev))")
        case .changed(let current):
            do {
                switch try await DeleteCheck.verify(store: store, key: key, shownRevision: revision) {
                case .changed(let now?, let diff):
                    report(.busy(nil))
                    report(.deleteChanged(key, current: now, diff: diff))
                case .changed(nil, _):
                    finish("pod \(key) was deleted meanwhile", .info)
                case .unchanged:
                    report(.deleteChanged(key, current: current, diff: ""))
                }
            } catch {
                finish("not deleted: \(error.description)", .error)
            }
        case .alreadyGone:
            finish("pod \(key) was already deleted", .info)
        case .unreadable(let entry):
            finish("not deleted: \(entry.line(for: key))", .error)
        case .failed(let text):
            finish("not deleted: \(text)", .error)
        }
    }
}

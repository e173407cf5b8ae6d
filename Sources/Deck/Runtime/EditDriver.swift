import Etcd
import Foundation
import Ops
import PodModel

/// Carries out the dashboard's edit requests with the editing engine: suspends the screen for
/// `$EDITOR`, loops on invalid text, saves with compare-and-swap, and reports back as messages.
/// Whatever does not end in a successful save leaves the operator's file on disk and says where.
@MainActor
final class EditDriver {
    let store: PodStore
    let settings: DeckSettings
    let environment: [String: String]
    let send: MessageSink
    /// Suspends the screen around the editor (the runtime's terminal).
    let withTerminalSuspended: @MainActor (@MainActor () async -> EditorExit) async -> EditorExit
    var session: EditSession?
    var pending: Pod?
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
                session = try await EditSession.begin(store: store, key: key, readonly: settings.readonly, environment: environment)
            } catch {
                return finish("cannot edit \(key): \(error.description)", .error)
            }
            await editLoop()
        case .create(let namespace):
            do {
                session = try EditSession.create(store: store, namespace: namespace, readonly: settings.readonly, environment: environment)
            } catch {
                return finish("cannot create a pod: \(error.description)", .error)
            }
            await editLoop()
        case .rollback(let key, let revision):
            guard let version = history?.versions.first(where: { $0.revision == revision }) else {
                return finish("revision \(revision) of \(key) is not loaded; open the history again", .error)
            }
            do {
                session = try await EditSession.rollback(store: store, key: key, to: version, readonly: settings.readonly,
                                                         environment: environment)
            } catch {
                return finish("cannot roll back \(key): \(error.description)", .error)
            }
            await editLoop()
        case .saveReviewed:
            guard let pod = pending else { return finish("nothing to save", .warning) }
            await save(pod)
        case .cancelReview:
            pending = nil
            session = nil
        case .resolve(let choice):
            await resolve(choice)
        case .recreate:
            guard var s = session else { return }
            let outcome = await s.recreate()
            session = s
            report(outcome: outcome)
        case .quickPatch(let key, let command, _):
            await quickPatch(key, command)
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

    /// Editor → read back → (errors: reopen) → review or save.
    func editLoop() async {
        guard var s = session else { return }
        let launcher: TerminalEditorLauncher
        do { launcher = try TerminalEditorLauncher(environment: environment) } catch {
            return finish("\(error.description); your edit is in \(s.filePath)", .error)
        }
        var rounds = 0
        while true {
            rounds += 1
            report(.busy("editing \(s.key.map(\.description) ?? "a new pod") in $EDITOR…"))
            let path = s.filePath
            let exit = await withTerminalSuspended { await launcher.edit(path) }
            guard exit.succeeded else {
                session = s
                return finish("the editor \(exit.description); nothing was written; your edit is kept in \(s.filePath)", .error)
            }
            switch s.readBack() {
            case .unchanged:
                if rounds == 1 { s.discard() }
                session = nil
                return finish(rounds == 1 ? "Edit cancelled, no changes made." : "Edit abandoned; nothing was written; your text is in \(s.filePath)", .info)
            case .emptied:
                if rounds == 1 { s.discard() }
                session = nil
                return finish(rounds == 1 ? "Edit cancelled (file emptied), no changes made." : "Edit abandoned; nothing was written; your last text is in \(s.filePath)",
                              rounds == 1 ? .info : .warning)
            case .unchangedWithErrors:
                // Closed unchanged after a reopen with errors: the operator gave up (as headless `edit` does).
                session = nil
                pending = nil
                return finish("saved again with the same errors; nothing was written; your edit is kept in \(s.filePath)", .warning)
            case .identityChanged(let reason):
                session = s
                return finish("\(reason); nothing was written; your edit is kept in \(s.filePath)", .error)
            case .invalid(let problems):
                do { try s.reopenWithErrors(problems) } catch {
                    session = s
                    return finish("\(error.description); your edit is kept in \(s.filePath)", .error)
                }
                continue
            case .ready(let pod, let diff):
                session = s
                pending = pod
                if settings.editConfirm {
                    let title: String
                    switch s.kind {
                    case .edit: title = "edit \(s.key?.description ?? "")"
                    case .create(let ns): title = "create \(pod.name.map { "\(ns)/\($0)" } ?? "a pod in \(ns)")"
                    case .rollback(let revision): title = "roll \(s.key?.description ?? "") back to revision \(revision)"
                    }
                    report(.review(ReviewState(key: s.key, title: title, diff: diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                               baseRevision: s.baseRevision, file: s.filePath)))
                } else {
                    await save(pod)
                }
                return
            }
        }
    }

    func save(_ pod: Pod) async {
        guard var s = session else { return }
        report(.busy("saving…"))
        let outcome = await s.save(pod)
        session = s
        report(outcome: outcome)
    }

    func report(outcome: SaveOutcome) {
        guard let s = session else { return }
        let name = s.key?.description ?? "pod"
        switch outcome {
        case .saved(let revision):
            _ = s.finish()
            session = nil
            pending = nil
            finish("pod \(name) saved (revision \(revision))")
        case .merged(let revision, let mine, let theirs):
            _ = s.finish()
            session = nil
            pending = nil
            finish("pod \(name) saved: merged your \(mine) change\(mine == 1 ? "" : "s") with \(theirs) concurrent change\(theirs == 1 ? "" : "s") (revision \(revision))")
        case .conflict(let report):
            self.report(.conflict(ConflictState(key: report.key, lines: report.lines, mine: report.myChangeCount,
                                                theirs: report.theirChangeCount, currentRevision: report.currentRevision,
                                                baseRevision: report.baseRevision, file: s.filePath)))
        case .deletedMeanwhile:
            report(.deletedMeanwhile(s.key ?? PodKey(namespace: "?", name: "?"), file: s.filePath))
        case .unreadable(let entry):
            finish("\(entry.line(for: s.key ?? PodKey(namespace: "?", name: "?"))); nothing was written; your edit is kept in \(s.filePath)", .error)
        case .failed(let text):
            finish("\(text); nothing was written; your edit is kept in \(s.filePath)", .error)
        }
    }

    func resolve(_ choice: ConflictChoice) async {
        guard var s = session else { return }
        switch choice {
        case .editAgain:
            guard let conflict = s.lastConflict else { return finish("no conflict to resolve", .warning) }
            do { try s.prepareEditAgain(conflict) } catch {
                return finish("\(error.description); your edit is kept in \(s.filePath)", .error)
            }
            session = s
            await editLoop()
        case .overwrite:
            guard let conflict = s.lastConflict else { return finish("no conflict to resolve", .warning) }
            report(.busy("overwriting…"))
            let outcome = await s.overwrite(conflict)
            session = s
            report(outcome: outcome)
        case .takeTheirs:
            s.takeTheirs()
            session = nil
            pending = nil
            finish("kept their version; nothing was written; your edit is kept in \(s.filePath)")
        case .cancel:
            session = nil
            pending = nil
            finish("nothing was written; your edit is kept in \(s.filePath)")
        }
    }

    func quickPatch(_ key: PodKey, _ command: String) async {
        let patch: QuickPatch
        do { patch = try QuickPatch.parse(command) } catch { return finish(error.description, .error) }
        switch await patch.apply(store: store, key: key, readonly: settings.readonly) {
        case .patched(let revision, let conflicts):
            finish("pod \(key) patched (revision \(revision))\(conflicts > 0 ? " after \(conflicts) concurrent change\(conflicts == 1 ? "" : "s")" : "")")
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

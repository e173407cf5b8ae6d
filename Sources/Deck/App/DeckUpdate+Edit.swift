import Foundation
import Ops
import PodModel
import Screen
import TerminalText

extension DeckUpdate {
    /// Write intents from the list and panes: refused in read-only mode.
    static func writeIntent(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        let key: PodKey?
        switch state.mode {
        case .detail(let k), .yaml(let k), .history(let k): key = k
        default: key = state.selectedKey
        }
        if intent == .history {
            guard let key else { return [] }
            state.mode = .history(key)
            state.history = HistoryState(key: key, versions: [], note: "", loading: true)
            state.pane = PaneState()
            return [.edit(.loadHistory(key))]
        }
        if state.readonly {
            state.message = StatusMessage(text: "read-only mode: \(intent == .create ? "creating" : intent == .delete ? "deleting" : "editing") is disabled (--readonly)",
                                          kind: .warning, until: state.now + 5)
            return []
        }
        switch intent {
        case .edit:
            guard let key else { return [] }
            state.message = nil // what the last edit said is not about this one
            state.busy = "editing \(key) in $EDITOR…"
            return [.edit(.begin(key))]
        case .create:
            let namespace = state.namespace ?? state.selectedKey?.namespace ?? "default"
            state.message = nil
            state.busy = "creating a pod in \(namespace)…"
            return [.edit(.create(namespace: namespace))]
        case .delete:
            if state.mode == .list && !state.marks.isEmpty {
                confirmBulkDelete(&state)
                return []
            }
            guard let key, let entry = state.list.entry(for: key), !entry.deleted else { return [] }
            state.confirm = ConfirmState(
                title: "Delete pod",
                body: ["Delete pod \(Sanitizer.clean(key.description))?",
                       "Only if it is still at revision \(entry.row.revision), the one shown.",
                       "", "Enter or y: delete     Esc or n: keep it"],
                action: .delete(key, revision: entry.row.revision))
            return []
        default:
            return []
        }
    }

    /// Keys in the review, conflict and history views.
    static func editModeIntent(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        switch (state.mode, intent) {
        case (.review, .save):
            guard let review = state.review else { return [] }
            state.busy = "saving…"
            return [.edit(.choose(.save(file: review.file)))]
        case (.review, .cancel):
            guard let review = state.review else { return [] }
            leaveEditViews(&state)
            state.message = StatusMessage(text: "not saved; your edit is kept in \(review.file)", kind: .info, until: state.now + 8)
            return [.edit(.choose(.cancel(file: review.file)))]
        case (.conflict, .editAgain):
            guard let c = state.conflict else { return [] }
            state.busy = "editing again…"
            return [.edit(.choose(.editAgain(file: c.file)))]
        case (.conflict, .overwrite):
            guard let c = state.conflict else { return [] }
            state.confirm = ConfirmState(
                title: "Overwrite their changes",
                body: ["Write your version of \(Sanitizer.clean(c.key.description)) on their revision \(c.currentRevision)?",
                       "Their changes to the \(c.lines.count) contested field(s) — and any other field they changed — are replaced.",
                       "", "Enter or y: overwrite     Esc or n: back"],
                action: .overwrite(theirRevision: c.currentRevision))
            return []
        case (.conflict, .takeTheirs):
            guard let c = state.conflict else { return [] }
            leaveEditViews(&state)
            return [.edit(.choose(.takeTheirs(theirRevision: c.currentRevision)))]
        case (.conflict, .cancel):
            guard let c = state.conflict else { return [] }
            leaveEditViews(&state)
            return [.edit(.choose(.cancel(file: c.file)))]
        case (.history, .moveDown), (.history, .moveUp), (.history, .top), (.history, .bottom):
            guard var h = state.history, !h.versions.isEmpty else { return [] }
            switch intent {
            case .moveDown: h.selected = min(h.versions.count - 1, h.selected + 1)
            case .moveUp: h.selected = max(0, h.selected - 1)
            case .top: h.selected = 0
            default: h.selected = h.versions.count - 1
            }
            state.history = h
            state.pane = PaneState()
            return []
        case (.history, .pageDown): scrollPane(&state, by: state.paneRows / 2); return []
        case (.history, .pageUp): scrollPane(&state, by: -state.paneRows / 2); return []
        case (.history, .rollback):
            guard let h = state.history, h.selected < h.versions.count else { return [] }
            if state.readonly {
                state.message = StatusMessage(text: "read-only mode: rollback is disabled (--readonly)", kind: .warning, until: state.now + 5)
                return []
            }
            let version = h.versions[h.selected]
            if h.selected == 0 {
                state.message = StatusMessage(text: "revision \(version.revision) is the current version", kind: .info, until: state.now + 4)
                return []
            }
            state.message = nil
            state.busy = "rolling back to revision \(version.revision)…"
            return [.edit(.rollback(h.key, revision: version.revision))]
        case (.history, .back):
            leaveEditViews(&state)
            return []
        case (_, .help):
            showHelp(&state)
            return []
        case (_, .quit):
            return quit(&state)
        case (_, .moveDown): scrollPane(&state, by: 1)
        case (_, .moveUp): scrollPane(&state, by: -1)
        case (_, .pageDown): scrollPane(&state, by: state.paneRows)
        case (_, .pageUp): scrollPane(&state, by: -state.paneRows)
        case (_, .top): state.pane.offset = 0
        case (_, .bottom): scrollPane(&state, by: Int.max / 2)
        default: break
        }
        return []
    }

    /// Keys while a confirmation is open.
    static func confirmKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard let confirm = state.confirm else { return [] }
        switch key {
        case .enter, .char("y"), .char("Y"):
            state.confirm = nil
            switch confirm.action {
            case .delete(let podKey, let revision):
                state.busy = "deleting \(podKey)…"
                return [.edit(.delete(podKey, revision: revision))]
            case .overwrite(let revision):
                state.busy = "overwriting…"
                return [.edit(.choose(.overwrite(theirRevision: revision)))]
            case .recreate(let podKey, _):
                state.busy = "re-creating…"
                return [.edit(.choose(.recreate(podKey)))]
            case .bulk(let request):
                state.busy = "\(request.action) of \(request.pods.count) pod\(request.pods.count == 1 ? "" : "s")…"
                return [.edit(.bulk(request))]
            }
        case .escape, .char("n"), .char("N"), .char("q"):
            state.confirm = nil
            switch confirm.action {
            case .recreate(_, let file):
                leaveEditViews(&state)
                return [.edit(.choose(.cancel(file: file)))]
            case .delete:
                state.message = StatusMessage(text: "not deleted", kind: .info, until: state.now + 3)
            case .bulk:
                state.message = StatusMessage(text: "nothing written", kind: .info, until: state.now + 3)
            case .overwrite:
                break
            }
            return []
        case .ctrl("c"):
            return quit(&state)
        default:
            return []
        }
    }

    /// Reports from the editing engine.
    static func editEvent(_ state: inout AppState, _ event: EditEvent) -> [Effect] {
        switch event {
        case .busy(let text):
            state.busy = text
        case .bulk(let event):
            bulkEvent(&state, event)
        case .review(let review):
            state.busy = nil
            // A message still showing belongs to what happened before this review.
            state.message = nil
            state.review = review
            state.mode = .review
            state.pane = PaneState()
        case .finished(let text, let kind):
            state.busy = nil
            leaveEditViews(&state)
            state.message = StatusMessage(text: text, kind: kind, until: state.now + (kind == .info ? 6 : 12))
            return [.refreshNow]
        case .conflict(let conflict):
            state.busy = nil
            state.review = nil
            state.conflict = conflict
            state.mode = .conflict
            state.pane = PaneState()
        case .deletedMeanwhile(let key, let file):
            state.busy = nil
            state.confirm = ConfirmState(
                title: "Pod deleted meanwhile",
                body: ["\(Sanitizer.clean(key.description)) was deleted while you edited it. Nothing was written.",
                       "Re-create it from your edit (only if it still does not exist)?",
                       "Your edit is kept in \(file).", "", "Enter or y: re-create     Esc or n: leave it"],
                action: .recreate(key, file: file))
        case .historyLoaded(let history):
            guard case .history(let key) = state.mode, key == history.key else { return [] }
            state.history = history
            state.pane = PaneState()
        case .historyFailed(let key, let text):
            if case .history(let shown) = state.mode, shown == key {
                state.history?.loading = false
                state.history?.note = text
                clampPane(&state)
            }
            state.message = StatusMessage(text: text, kind: .error, until: state.now + 8)
        case .deleteChanged(let key, let current, let diff):
            state.busy = nil
            var body = ["\(Sanitizer.clean(key.description)) changed since it was shown (now at revision \(current.modRevision)):", ""]
            body += diff.split(separator: "\n", omittingEmptySubsequences: false).prefix(12).map { Sanitizer.clean(String($0)) }
            body += ["", "Delete it anyway, at revision \(current.modRevision)?", "Enter or y: delete     Esc or n: keep it"]
            state.confirm = ConfirmState(title: "Pod changed — delete anyway?", body: body,
                                         action: .delete(key, revision: current.modRevision))
        }
        return []
    }

    static func leaveEditViews(_ state: inout AppState) {
        state.review = nil
        state.conflict = nil
        state.history = nil
        if state.mode == .review || state.mode == .conflict { state.mode = .list }
        if case .history = state.mode { state.mode = .list }
        state.pane = PaneState()
    }

    /// `:set image C=IMG`, `:label k=v`, `:label k-`, `:annotate k=v` on the selected pod.
    static func quickPatch(_ state: inout AppState, _ text: String) -> [Effect] {
        guard let key = state.selectedKey, let entry = state.list.entry(for: key) else {
            state.message = StatusMessage(text: "select a pod first", kind: .warning, until: state.now + 3)
            return []
        }
        if state.readonly {
            state.message = StatusMessage(text: "read-only mode: patches are disabled (--readonly)", kind: .warning, until: state.now + 5)
            return []
        }
        let patch: QuickPatch
        do {
            patch = try QuickPatch.parse(text)
        } catch {
            state.message = StatusMessage(text: error.description, kind: .error, until: state.now + 6)
            return []
        }
        if !state.marks.isEmpty { return bulkPatch(&state, patch) }
        state.busy = "patching \(key)…"
        return [.edit(.quickPatch(key, command: text, shownRevision: entry.row.revision))]
    }
}

import Foundation
import PodModel
import Screen

extension DeckUpdate {
    /// Keys in the detail, YAML and help panes.
    static func paneIntent(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        switch intent {
        case .moveDown: scrollPane(&state, by: 1)
        case .moveUp: scrollPane(&state, by: -1)
        case .top: state.pane.offset = 0
        case .bottom: scrollPane(&state, by: Int.max / 2)
        case .pageDown: scrollPane(&state, by: state.paneRows)
        case .pageUp: scrollPane(&state, by: -state.paneRows)
        case .back:
            if state.mode == .help {
                state.mode = state.modeBeforeHelp
                state.pane = PaneState()
                rebuildPane(&state)
            } else {
                state.mode = .list
                state.loaded = nil
                state.pane = PaneState()
            }
        case .startSearch: state.prompt = Prompt(kind: .search, text: "") // n/N still step through the last search
        case .searchNext: stepMatch(&state, by: 1)
        case .searchPrevious: stepMatch(&state, by: -1)
        case .openYAML:
            if case .detail(let key) = state.mode {
                state.mode = .yaml(key)
                state.pane = PaneState()
                rebuildPane(&state)
            }
        case .refresh:
            if let key = state.loaded?.key { return [.loadPod(key)] }
        case .help: showHelp(&state)
        case .quit: return quit(&state)
        case .startCommand: state.prompt = Prompt(kind: .command, text: "")
        default: break
        }
        return []
    }

    static func scrollPane(_ state: inout AppState, by delta: Int) {
        state.pane.offset = state.pane.offset.addingReportingOverflow(delta).overflow ? Int.max / 2 : state.pane.offset + delta
        clampPane(&state)
    }

    static func clampPane(_ state: inout AppState) {
        let maxOffset = max(0, state.paneLines.count - state.paneRows)
        state.pane.offset = min(max(0, state.pane.offset), maxOffset)
    }

    static func search(_ state: inout AppState, _ query: String) {
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else {
            state.pane.query = nil
            state.pane.matches = []
            state.pane.current = nil
            return
        }
        state.pane.query = q
        state.pane.matches = TextPane.matches(in: state.paneLines, query: q)
        guard !state.pane.matches.isEmpty else {
            state.pane.current = nil
            state.message = StatusMessage(text: "no match for \(q)", kind: .warning, until: state.now + 3)
            return
        }
        let next = state.pane.matches.firstIndex { $0 >= state.pane.offset } ?? 0
        state.pane.current = next
        state.pane.offset = state.pane.matches[next]
        clampPane(&state)
        state.message = StatusMessage(text: "match \(next + 1)/\(state.pane.matches.count) for \(q) (n next, N previous)",
                                      kind: .info, until: state.now + 3)
    }

    static func stepMatch(_ state: inout AppState, by delta: Int) {
        guard !state.pane.matches.isEmpty else { return }
        let count = state.pane.matches.count
        let current = state.pane.current ?? -1
        let next = ((current + delta) % count + count) % count
        state.pane.current = next
        state.pane.offset = state.pane.matches[next]
        clampPane(&state)
        state.message = StatusMessage(text: "match \(next + 1)/\(count)", kind: .info, until: state.now + 2)
    }

    /// Recomputes the lines of the pane for the current mode.
    static func rebuildPane(_ state: inout AppState) {
        switch state.mode {
        case .list:
            state.paneLines = []
        case .help:
            state.paneLines = HelpView.lines(theme: state.theme, width: state.size.width)
        case .detail:
            state.paneLines = DetailView.lines(state.loaded, theme: state.theme, now: state.now,
                                               probes: state.loaded.map { state.probes.summary(for: $0.key) } ?? .none,
                                               probesEnabled: state.probesEnabled, probeEpoch: state.probeEpoch)
        case .yaml:
            state.paneLines = YAMLView.lines(state.loaded, theme: state.theme)
        case .review:
            state.paneLines = EditViews.reviewLines(state.review, theme: state.theme)
        case .conflict:
            state.paneLines = EditViews.conflictLines(state.conflict, theme: state.theme)
        case .history:
            state.paneLines = EditViews.historyDiffLines(state.history, theme: state.theme)
        case .contexts:
            state.paneLines = ContextsView.lines(state.contexts, current: state.context, theme: state.theme)
        }
        if let q = state.pane.query { state.pane.matches = TextPane.matches(in: state.paneLines, query: q) }
        clampPane(&state)
    }
}

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

    /// Scrolls by `delta` lines within the pane's content (an offset left past the end by
    /// shorter content is brought back first, so every key moves what is on screen).
    static func scrollPane(_ state: inout AppState, by delta: Int) {
        let maxOffset = PaneContent(state).maxOffset(rows: state.paneRows)
        let from = min(max(0, state.pane.offset), maxOffset)
        let (moved, overflow) = from.addingReportingOverflow(delta)
        state.pane.offset = min(max(0, overflow ? (delta > 0 ? maxOffset : 0) : moved), maxOffset)
    }

    /// Keeps the offset within the pane's content, after the content or the size changed.
    static func clampPane(_ state: inout AppState) {
        guard state.pane.offset > 0 else { return }
        let maxOffset = PaneContent(state).maxOffset(rows: state.paneRows)
        state.pane.offset = min(state.pane.offset, maxOffset)
    }

    static func search(_ state: inout AppState, _ query: String) {
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else {
            state.pane.query = nil
            state.pane.currentLine = nil
            return
        }
        state.pane.query = q
        let content = PaneContent(state)
        let matches = content.matches(q)
        guard !matches.isEmpty else {
            state.pane.currentLine = nil
            state.message = StatusMessage(text: "no match for \(q)", kind: .warning, until: state.now + 3)
            return
        }
        let next = matches.firstIndex { $0 >= state.pane.offset } ?? 0
        state.pane.currentLine = matches[next]
        state.pane.offset = min(matches[next], content.maxOffset(rows: state.paneRows))
        state.message = StatusMessage(text: "match \(next + 1)/\(matches.count) for \(q) (n next, N previous)",
                                      kind: .info, until: state.now + 3)
    }

    /// `n`/`N`: the next or previous line matching the last search, wrapping around.
    static func stepMatch(_ state: inout AppState, by delta: Int) {
        guard let query = state.pane.query else { return }
        let content = PaneContent(state)
        let matches = content.matches(query)
        guard !matches.isEmpty else { return }
        let count = matches.count
        let next: Int
        if let line = state.pane.currentLine {
            // From the current match's line; if the content changed under it, from where it was.
            let after = matches.firstIndex { $0 > line } ?? count
            let before = (matches.lastIndex { $0 < line } ?? -1)
            next = delta > 0 ? after % count : (before + count) % count
        } else {
            next = delta > 0 ? 0 : count - 1
        }
        state.pane.currentLine = matches[next]
        state.pane.offset = min(matches[next], content.maxOffset(rows: state.paneRows))
        state.message = StatusMessage(text: "match \(next + 1)/\(count)", kind: .info, until: state.now + 2)
    }
}

import Foundation
import Ops
import Screen
import TerminalText

/// The lines of the text pane for a state, built when asked for and never stored.
///
/// The pane's views draw the visible lines from it; `update` asks it for the number of lines (to
/// clamp scrolling) and for the lines a search matches. Both go through this one function of
/// `AppState`, so what is scrolled is what is drawn. A YAML document is styled line by line, only
/// for the lines on screen.
struct PaneContent {
    private enum Source {
        /// Styled lines (details, help, review, conflict, history: one pod's worth at most).
        case lines([Line])
        /// The YAML document's lines, sanitised, styled when drawn.
        case yaml([String], Theme)
    }

    private let source: Source

    /// The content of the pane `state.mode` shows (empty on the list).
    init(_ state: AppState) {
        let t = state.theme
        switch state.mode {
        case .list:
            source = .lines([])
        case .help:
            source = .lines(HelpView.lines(theme: t, width: state.size.width))
        case .detail:
            source = .lines(DetailView.lines(state.loaded, theme: t, now: state.now,
                                             probes: state.loaded.map { state.probes.summary(for: $0.key) } ?? .none,
                                             probesEnabled: state.probesEnabled, probeEpoch: state.probeEpoch))
        case .yaml:
            if let document = YAMLView.documentLines(state.loaded) {
                source = .yaml(document, t)
            } else {
                source = .lines(YAMLView.placeholder(state.loaded, theme: t))
            }
        case .review:
            source = .lines(EditViews.reviewLines(state.review, theme: t))
        case .conflict:
            source = .lines(EditViews.conflictLines(state.conflict, theme: t))
        case .history:
            source = .lines(EditViews.historyDiffLines(state.history, theme: t))
        case .contexts:
            source = .lines(ContextsView.lines(state.contexts, current: state.context, theme: t))
        }
    }

    /// The number of lines.
    var lineCount: Int {
        switch source {
        case .lines(let lines): return lines.count
        case .yaml(let document, _): return document.count
        }
    }

    /// Line `index`, styled.
    func line(_ index: Int) -> Line {
        switch source {
        case .lines(let lines): return lines[index]
        case .yaml(let document, let theme): return YAMLView.styled(document[index], theme: theme)
        }
    }

    /// The text of line `index` (what a search looks at).
    func text(_ index: Int) -> String {
        switch source {
        case .lines(let lines): return lines[index].text
        case .yaml(let document, _): return document[index]
        }
    }

    /// Every line, styled.
    var lines: [Line] { (0..<lineCount).map(line) }

    /// The indices of the lines containing `query`, ignoring case.
    func matches(_ query: String) -> [Int] {
        switch source {
        case .lines(let lines): return TextPane.matches(in: lines, query: query)
        case .yaml(let document, _): return TextPane.matches(in: document, query: query)
        }
    }

    /// The largest offset that still fills `rows` lines.
    func maxOffset(rows: Int) -> Int { max(0, lineCount - rows) }

    /// A pane over this content, scrolled and highlighted as `pane` says.
    func textPane(_ pane: PaneState, style: Style) -> TextPane {
        TextPane(lineCount: lineCount, offset: pane.offset,
                 highlight: pane.query.map { (query: $0, current: pane.currentLine) }, style: style) { line($0) }
    }
}

import Foundation
import Screen
import TerminalText

/// Draws the whole screen for a state: a pure function of `AppState`.
public enum DeckRenderer {
    /// Renders `state` into a new buffer of its size.
    public static func render(_ state: AppState) -> Buffer {
        var buffer = Buffer(size: state.size)
        render(state, into: &buffer)
        return buffer
    }

    /// Renders `state` into `buffer` (which must be `state.size`).
    public static func render(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        let area = Rect(size: state.size)
        buffer.fill(area, style: theme[.body])
        guard state.size.width >= DeckLayout.minimumWidth, state.size.height >= DeckLayout.minimumHeight else {
            TooSmallView.render(state, into: &buffer)
            return
        }
        switch state.mode {
        case .list:
            HeaderView.render(state, into: &buffer, area: Rect(x: 0, y: 0, width: area.width, height: 3))
            PodTableView.render(state, into: &buffer, area: Rect(x: 0, y: 3, width: area.width, height: area.height - 5))
        case .detail, .yaml, .help, .review, .conflict, .contexts:
            PaneView.render(state, into: &buffer, area: Rect(x: 0, y: 0, width: area.width, height: area.height - 2))
        case .history:
            HistoryView.render(state, into: &buffer, area: Rect(x: 0, y: 0, width: area.width, height: area.height - 2))
        }
        StatusLineView.render(state, into: &buffer, area: Rect(x: 0, y: area.height - 2, width: area.width, height: 1))
        HintsView.render(state, into: &buffer, area: Rect(x: 0, y: area.height - 1, width: area.width, height: 1))
        if state.logs != nil { LogView.render(state, into: &buffer, area: area) }
        if let picker = state.picker {
            ContainerPickerView.render(picker, theme: theme, into: &buffer, area: Rect(x: 0, y: 0, width: area.width, height: area.height - 1))
        }
        if let confirm = state.confirm {
            ConfirmView.render(confirm, theme: theme, into: &buffer, area: Rect(x: 0, y: 0, width: area.width, height: area.height - 1))
        }
    }
}

/// "Terminal too small" instead of a garbled layout.
enum TooSmallView {
    static func render(_ state: AppState, into buffer: inout Buffer) {
        let lines = ["Terminal too small: \(state.size.width)×\(state.size.height)",
                     "PodDeck needs at least \(DeckLayout.minimumWidth)×\(DeckLayout.minimumHeight).",
                     "Enlarge the window, or press q to quit."]
        let top = max(0, state.size.height / 2 - 1)
        for (i, line) in lines.enumerated() where top + i < state.size.height {
            let x = max(0, (state.size.width - DisplayWidth.of(line)) / 2)
            buffer.put(line, x: x, y: top + i, maxWidth: state.size.width - x, style: i == 0 ? state.theme[.warning] : state.theme[.body])
        }
    }
}

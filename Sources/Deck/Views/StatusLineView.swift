import Foundation
import Screen

/// The line above the hints: the prompt being typed, a message, or the position.
enum StatusLineView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        if let prompt = state.prompt {
            let lead: String
            switch prompt.kind {
            case .filter: lead = "/"
            case .command: lead = ":"
            case .search: lead = "search /"
            }
            buffer.fill(area, style: t[.filterPrompt])
            let text = lead + Sanitizer.clean(prompt.text)
            let used = buffer.put(text, x: area.x, y: area.y, maxWidth: area.width - 1, style: t[.filterPrompt])
            buffer.put("▏", x: area.x + used, y: area.y, maxWidth: 1, style: t[.filterPrompt].bold())
            return
        }
        if let busy = state.busy {
            buffer.putElided(" ⋯ " + Sanitizer.clean(busy), x: area.x, y: area.y, width: area.width, style: t[.info])
            return
        }
        if let message = state.message {
            let style: Style
            switch message.kind {
            case .info: style = t[.info]
            case .warning: style = t[.warning]
            case .error: style = t[.error]
            }
            buffer.putElided(" " + Sanitizer.clean(message.text), x: area.x, y: area.y, width: area.width, style: style)
            return
        }
        if state.mode == .list, !state.list.visible.isEmpty {
            var text = " \(state.selected + 1)/\(state.list.visible.count)"
            if let key = state.selectedKey { text += "  \(Sanitizer.clean(key.description))" }
            buffer.putElided(text, x: area.x, y: area.y, width: area.width, style: t[.dim])
        }
    }
}

/// The key hints at the bottom, from the keymap's most useful bindings per mode.
enum HintsView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let hints: [(key: String, label: String)]
        if state.confirm != nil {
            hints = [("Enter/y", "yes"), ("Esc/n", "no")]
        } else if state.prompt != nil {
            hints = [("Enter", "apply"), ("Esc", "cancel"), ("Ctrl-u", "clear")]
        } else {
            switch state.mode {
            case .list:
                hints = [("?", "help"), ("/", "filter"), (":", "command"), ("Enter", "details"), ("y", "yaml"), ("e", "edit"),
                         ("c", "create"), ("^d", "delete"), ("h", "history"), ("N/A/S/R", "sort"), ("w", "wide"), ("q", "quit")]
            case .detail:
                hints = [("Esc", "back"), ("y", "yaml"), ("e", "edit"), ("h", "history"), ("/", "search"), ("n/N", "next/prev"), ("r", "reload"), ("?", "help")]
            case .yaml:
                hints = [("Esc", "back"), ("/", "search"), ("n/N", "next/prev"), ("g/G", "top/bottom"), ("r", "reload"), ("?", "help")]
            case .help:
                hints = [("Esc", "back"), ("j/k", "scroll"), ("/", "search")]
            case .review:
                hints = [("Enter", "save"), ("Esc", "don't save"), ("j/k", "scroll")]
            case .conflict:
                hints = [("e", "edit again"), ("o", "overwrite"), ("t", "take theirs"), ("Esc", "cancel")]
            case .history:
                hints = [("j/k", "select"), ("R", "roll back to it"), ("PgDn/PgUp", "scroll diff"), ("Esc", "back")]
            }
        }
        KeyHintBar(hints: hints, style: t[.keyHint], keyStyle: t[.keyHintKey], labelStyle: t[.keyHint])
            .render(into: &buffer, area: area)
    }
}

import Foundation
import Screen
import TerminalText

/// The line above the hints: the prompt being typed, a message, or the position.
///
/// A message longer than the line wraps onto lines above it (over the bottom of the body, up to
/// a third of the screen) rather than being cut; with a prompt open, a message about what was
/// typed shows above the prompt.
enum StatusLineView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let above = max(0, min(area.y - 3, state.size.height / 3 - 1))
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
            if let message = state.message, above > 0 {
                let lines = messageLines(message, theme: t, width: area.width, maxRows: above)
                draw(lines, bottom: area.y - 1, area: area, base: t[.body], buffer: &buffer)
            }
            return
        }
        if let busy = state.busy {
            buffer.putElided(" ⋯ " + Sanitizer.clean(busy), x: area.x, y: area.y, width: area.width, style: t[.info])
            return
        }
        if let message = state.message {
            let lines = messageLines(message, theme: t, width: area.width, maxRows: above + 1)
            draw(lines, bottom: area.y, area: area, base: t[.body], buffer: &buffer)
            return
        }
        if state.mode == .list, let error = state.connection.error, state.connection.lastSuccess != nil {
            // The banner had to cut the reason: the whole of it goes here, under the stale rows.
            let (head, tails) = HeaderView.banner(state, error: error)
            if DisplayWidth.of(head) + DisplayWidth.of(tails.last ?? "") > area.width {
                let reason = StatusMessage(text: "etcd unreachable: \(error)", kind: .warning, until: nil)
                draw(messageLines(reason, theme: t, width: area.width, maxRows: above + 1), bottom: area.y, area: area,
                     base: t[.body], buffer: &buffer)
                return
            }
        }
        if state.mode == .list, !state.list.visible.isEmpty {
            var text = " \(state.selected + 1)/\(state.list.visible.count)"
            if let key = state.selectedKey { text += "  \(Sanitizer.clean(key.description))" }
            buffer.putElided(text, x: area.x, y: area.y, width: area.width, style: t[.dim])
        }
    }

    /// The message wrapped to `width` (at most `maxRows` rows, the last ending in `…` if cut).
    static func messageLines(_ message: StatusMessage, theme t: Theme, width: Int, maxRows: Int) -> [Line] {
        let style: Style
        switch message.kind {
        case .info: style = t[.info]
        case .warning: style = t[.warning]
        case .error: style = t[.error]
        }
        let text = Line(Sanitizer.clean(message.text), style: style)
        return Paragraph.wrap(text, width: max(1, width - 2), maxRows: maxRows).map { Line([Span(" ", style)] + $0.spans) }
    }

    /// Draws `lines` so the last one is on row `bottom`, each on a cleared row.
    static func draw(_ lines: [Line], bottom: Int, area: Rect, base: Style, buffer: inout Buffer) {
        for (k, line) in lines.enumerated() {
            let y = bottom - (lines.count - 1 - k)
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: base)
            buffer.put(line, x: area.x, y: y, maxWidth: area.width)
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
            case .contexts:
                hints = [(":ctx NAME", "switch"), (":ctx", "check again"), ("Esc", "back")]
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

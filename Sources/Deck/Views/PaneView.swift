import Foundation
import Ops
import Screen
import TerminalText

/// Detail, YAML and help: a title line, a separator, and a scrollable text pane with search.
enum PaneView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let title: String
        switch state.mode {
        case .detail(let key): title = " Pod \(Sanitizer.clean(key.description)) — details"
        case .yaml(let key): title = " Pod \(Sanitizer.clean(key.description)) — YAML"
        case .help: title = " PodDeck — keys (generated from the keymap)"
        case .review: title = " Review: \(state.review?.title ?? "edit") — Enter saves, Esc does not"
        case .conflict: title = " Conflict: \(state.conflict.map { Sanitizer.clean($0.key.description) } ?? "") — nothing was written"
        case .contexts: title = " Contexts — \(state.context.map { "using \(Sanitizer.clean($0))" } ?? "none in use")"
        case .list, .history: title = ""
        }
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: t[.header])
        var spans = [Span(title, Style(fg: t[.title].fg, bg: t[.header].bg, attributes: t[.title].attributes))]
        if let rv = state.loaded?.record?.modRevision, state.mode == .detail(state.loaded!.key) || state.mode == .yaml(state.loaded!.key) {
            spans.append(Span("  resourceVersion \(rv)", t[.header]))
        }
        if state.loaded?.loading == true { spans.append(Span("  loading…", t[.header])) }
        if state.connection.isStale { spans.append(Span("  ⚠ etcd unreachable: this may be out of date", t[.warning].patched(with: Style(bg: t[.header].bg)))) }
        buffer.put(Line(spans), x: area.x, y: area.y, maxWidth: area.width)
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y + 1, maxWidth: area.width, style: t[.border])
        let lines = state.paneLines
        let highlight = state.pane.query.map { (query: $0, current: state.pane.current.map { state.pane.matches[$0] }) }
        var pane = TextPane(lines: lines, offset: state.pane.offset, highlight: highlight, style: t[.body])
        pane.highlightStyle = t[.searchMatch]
        pane.currentHighlightStyle = t[.searchMatch].bold().reverse()
        pane.scrollbarStyle = t[.dim]
        pane.render(into: &buffer, area: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2))
    }
}

/// The keys, generated from the keymap.
///
/// Two columns: the keys (as wide as the widest keys, plus a gap) and what they do, wrapped
/// under itself to fit `width` with a free column before the pane's scrollbar.
enum HelpView {
    static func lines(theme t: Theme, width: Int) -> [Line] {
        var out: [Line] = []
        let sections: [(KeyContext, String)] = [(.list, "Pod list"), (.pane, "Details, YAML and help panes"),
                                                (.review, "Reviewing an edit"), (.conflict, "A conflicting edit"),
                                                (.history, "History"), (.logs, "Logs"), (.picker, "Choosing a container"),
                                                (.global, "Everywhere")]
        let all = Keymap.helpLines()
        let commands: [(String, String)] = [
            ("ns NAME", "show one namespace"), ("ns all", "show every namespace"),
            ("ctx", "list the config file's contexts and whether each cluster answers"),
            ("ctx NAME", "switch to a context: its endpoints, credentials, read-only and theme"),
            ("theme NAME", "switch theme (themes/*.yaml, $XDG_CONFIG_HOME/poddeck/themes/)"),
            ("sort COLUMN", "name, age, status or restarts"), ("wide", "toggle wide columns"),
            ("set image C=IMG", "set a container's image (atomic; re-applied on conflict)"),
            ("label k=v", "set a label (:label k- removes it)"), ("annotate k=v", "set an annotation (:annotate k- removes it)"),
            ("refresh", "sync now"), ("q", "quit"),
        ]
        // One key column for every section, so the descriptions line up and never touch the keys.
        let keyWidth = max(all.map { DisplayWidth.of($0.keys) }.max() ?? 0, commands.map { DisplayWidth.of($0.0) + 1 }.max() ?? 0) + 2
        // Leave the last column to the scrollbar and one blank column before it.
        let textWidth = max(10, width - 2 - 3 - keyWidth)
        func entry(_ keys: String, _ help: String) -> [Line] {
            let rows = Paragraph.wrap(Line(help, style: t[.body]), width: textWidth)
            let pad = String(repeating: " ", count: max(0, keyWidth - DisplayWidth.of(keys)))
            var lines = [Line([Span("   \(keys)\(pad)", t[.keyHintKey])] + (rows.first?.spans ?? []))]
            let indent = String(repeating: " ", count: 3 + keyWidth)
            for row in rows.dropFirst() { lines.append(Line([Span(indent, t[.body])] + row.spans)) }
            return lines
        }
        for (context, title) in sections {
            out.append(Line(" \(title)", style: t[.title]))
            for item in all where item.context == context { out += entry(item.keys, item.help) }
            out.append(Line(""))
        }
        out.append(Line(" Commands (after :)", style: t[.title]))
        for (cmd, help) in commands { out += entry(":" + cmd, help) }
        out.append(Line(""))
        out += Paragraph.wrap(Line(" Row marks: + added  ~ changed  - deleted (since the last sync)", style: t[.dim]), width: max(10, width - 2))
        return out
    }
}

/// The pod as YAML, exactly as `poddeck get pod -o yaml` prints it (sanitised).
enum YAMLView {
    static func lines(_ loaded: LoadedPod?, theme t: Theme) -> [Line] {
        guard let loaded else { return [] }
        if loaded.loading { return [Line(" loading…", style: t[.dim])] }
        if let error = loaded.error { return [Line(" " + Sanitizer.clean(error), style: t[.error])] }
        guard let record = loaded.record else {
            return [Line(" pod \(Sanitizer.clean(loaded.key.description)) no longer exists", style: t[.warning])]
        }
        let text = PodPrinter.document(record.pod.presented(), format: .yaml)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let s = Sanitizer.clean(String(raw))
            if let colon = s.firstIndex(of: ":"), !s.hasPrefix(" ") || s.trimmingCharacters(in: .whitespaces).first != "-" {
                let key = String(s[..<colon])
                let rest = String(s[colon...])
                if !key.contains("\"") { return Line([Span(key, t[.title]), Span(rest, t[.body])]) }
            }
            return Line(s, style: t[.body])
        }
    }
}

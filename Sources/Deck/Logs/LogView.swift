import Foundation
import Screen
import TerminalText

/// The logs view: a title with the stream's state, the lines (only those on screen are laid
/// out), the status line and the keys.
enum LogView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard let logs = state.logs else { return }
        let t = state.theme
        buffer.fill(area, style: t[.body])
        renderTitle(state, logs, into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: 1))
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y + 1, maxWidth: area.width, style: t[.border])
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: max(1, area.height - 4))
        renderBody(state, logs, into: &buffer, area: body)
        let statusArea = Rect(x: area.x, y: area.maxY - 2, width: area.width, height: 1)
        if state.prompt != nil || state.message != nil || state.busy != nil {
            StatusLineView.render(state, into: &buffer, area: statusArea)
        } else {
            buffer.putElided(" " + statusText(logs), x: statusArea.x, y: statusArea.y, width: statusArea.width,
                             style: statusStyle(logs, theme: t))
        }
        let hints: [(key: String, label: String)] = state.prompt != nil
            ? [("Enter", "search"), ("Esc", "cancel"), ("Ctrl-u", "clear")]
            : [("Esc", "back"), ("Space", logs.following ? "pause" : "follow"), ("/", "search"), ("n/N", "next/prev"),
               ("t", "timestamps"), ("w", "wrap"), ("←/→", "scroll"), ("S", "save"), ("c", "container"), ("s", "shell"), ("g/G", "top/end")]
        KeyHintBar(hints: hints, style: t[.keyHint], keyStyle: t[.keyHintKey], labelStyle: t[.keyHint])
            .render(into: &buffer, area: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1))
    }

    static func renderTitle(_ state: AppState, _ logs: LogViewState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        buffer.fill(area, style: t[.header])
        let headerBG = Style(bg: t[.header].bg)
        var spans = [Span(" Logs \(Sanitizer.clean(logs.pod.description)) › \(Sanitizer.clean(logs.container))",
                          t[.title].patched(with: headerBG))]
        if logs.following {
            spans.append(Span("  ● following", t[.info].patched(with: headerBG)))
        } else {
            spans.append(Span("  ⏸ paused" + (logs.unseen > 0 ? " (\(logs.unseen) new)" : ""), t[.warning].patched(with: headerBG)))
        }
        let shown = logs.ring.count
        let first = logs.ring.firstSequence
        spans.append(Span("  \(shown) lines kept" + (first > 0 ? " (\(first) older dropped)" : ""), t[.header]))
        if logs.timestamps { spans.append(Span("  timestamps", t[.header])) }
        if logs.wrap { spans.append(Span("  wrap", t[.header])) }
        if !logs.wrap && logs.left > 0 { spans.append(Span("  from column \(logs.left + 1)", t[.header])) }
        buffer.putElided(Line(spans), x: area.x, y: area.y, width: area.width)
    }

    static func statusText(_ logs: LogViewState) -> String {
        switch logs.status {
        case .connecting: return "connecting to the container's log stream…"
        case .live(let id): return "container \(id) running — streaming live"
        case .stopped(let id, let what):
            return "container \(id) is not running (\(Sanitizer.clean(what))) — showing its last logs; the stream reconnects when it restarts"
        case .failed(let reason): return Sanitizer.clean(reason)
        }
    }

    static func statusStyle(_ logs: LogViewState, theme t: Theme) -> Style {
        switch logs.status {
        case .connecting, .live: return t[.dim]
        case .stopped: return t[.warning]
        case .failed: return t[.error]
        }
    }

    /// Lays out only the rows on screen: from the top line while paused, from the last line up
    /// while following.
    static func renderBody(_ state: AppState, _ logs: LogViewState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let ring = logs.ring
        guard !ring.isEmpty else {
            let text = logs.status == .connecting ? " waiting for lines…" : " no lines"
            buffer.put(text, x: area.x, y: area.y, maxWidth: area.width, style: t[.dim])
            return
        }
        let width = max(1, area.width)
        var rows: [(line: Line, sequence: Int)] = []
        if logs.following {
            var sequence = ring.endSequence - 1
            while sequence >= ring.firstSequence && rows.count < area.height {
                let pieces = layout(ring[sequence: sequence], logs: logs, width: width, theme: t)
                rows.insert(contentsOf: pieces.map { ($0, sequence) }, at: 0)
                sequence -= 1
            }
            if rows.count > area.height { rows.removeFirst(rows.count - area.height) }
        } else {
            var sequence = max(logs.top, ring.firstSequence)
            while sequence < ring.endSequence && rows.count < area.height {
                rows.append(contentsOf: layout(ring[sequence: sequence], logs: logs, width: width, theme: t).map { ($0, sequence) })
                sequence += 1
            }
            if rows.count > area.height { rows.removeLast(rows.count - area.height) }
        }
        let current = logs.match.flatMap { match in rows.firstIndex { $0.sequence == match } }
        var pane = TextPane(lineCount: rows.count, offset: 0,
                            highlight: logs.query.map { (query: $0, current: current) },
                            style: t[.body], showsScrollbar: false) { rows[$0].line }
        pane.highlightStyle = t[.searchMatch]
        pane.currentHighlightStyle = t[.searchMatch].bold().reverse()
        pane.render(into: &buffer, area: area)
    }

    /// One log line as screen rows: time stamp (dim) and text, stderr in its own style; cut at
    /// the width, or wrapped.
    static func layout(_ entry: LogEntry, logs: LogViewState, width: Int, theme t: Theme) -> [Line] {
        let textStyle = entry.isMarker ? t[.info] : entry.stream == .stderr ? t[.warning] : t[.body]
        var spans: [Span] = []
        if logs.timestamps && !entry.timestamp.isEmpty { spans.append(Span(entry.timestamp + " ", t[.dim])) }
        spans.append(Span(entry.text, textStyle))
        let line = Line(spans)
        guard logs.wrap else { return [logs.left > 0 ? dropColumns(line, logs.left) : line] }
        return wrap(line, width: width)
    }

    /// The line without its first `count` columns (a wide character cut in half goes too).
    static func dropColumns(_ line: Line, _ count: Int) -> Line {
        var remaining = count
        var spans: [Span] = []
        for span in line.spans {
            guard remaining > 0 else {
                spans.append(span)
                continue
            }
            var kept = Substring(span.text)
            while remaining > 0, let first = kept.first {
                remaining -= DisplayWidth.of(first)
                kept = kept.dropFirst()
            }
            if !kept.isEmpty { spans.append(Span(String(kept), span.style)) }
        }
        return Line(spans)
    }

    /// Splits a line into rows of at most `width` columns (wide characters are not split).
    static func wrap(_ line: Line, width: Int) -> [Line] {
        var rows: [Line] = []
        var current: [Span] = []
        var used = 0
        for span in line.spans {
            var text = ""
            for character in span.text {
                let w = DisplayWidth.of(character)
                if used + w > width && used > 0 {
                    if !text.isEmpty { current.append(Span(text, span.style)) }
                    rows.append(Line(current))
                    current = []
                    text = ""
                    used = 0
                }
                text.append(character)
                used += w
            }
            if !text.isEmpty { current.append(Span(text, span.style)) }
        }
        if !current.isEmpty || rows.isEmpty { rows.append(Line(current)) }
        return rows
    }
}

/// The container picker: a box listing the pod's containers.
enum ContainerPickerView {
    static func render(_ picker: ContainerPicker, theme t: Theme, into buffer: inout Buffer, area: Rect) {
        let names = picker.names.map(Sanitizer.clean)
        let title = picker.purpose == .shell ? " Shell in which container? " : " Logs of which container? "
        let width = min(area.width - 4, max(DisplayWidth.of(title) + 4, (names.map(DisplayWidth.of).max() ?? 0) + 8))
        let height = min(area.height - 2, names.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width, height: height)
        Block(title: title, borderStyle: t[.border], titleStyle: t[.title], fillStyle: t[.body]).render(into: &buffer, area: box)
        let inner = Block.inner(of: box)
        let first = max(0, picker.selected - inner.height + 1)
        for (row, index) in (first..<min(names.count, first + inner.height)).enumerated() {
            let style = index == picker.selected ? t[.selection] : t[.body]
            buffer.fill(Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1), style: style)
            buffer.put(" \(names[index])", x: inner.x, y: inner.y + row, maxWidth: inner.width, style: style)
        }
    }
}

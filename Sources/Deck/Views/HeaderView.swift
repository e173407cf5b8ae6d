import Foundation
import Ops
import Screen
import TerminalText

/// The three header lines: where the data comes from, how fresh it is, and what is shown.
///
/// Nothing that tells the operator whether to trust the screen is ever cut: on a narrow terminal
/// the first line drops its details (revision, poll period, title) and the second shortens its
/// counts before the freshness indicator or anything needing attention would be.
enum HeaderView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 2), style: t[.header])
        putFitting({ firstLine(state, detail: $0) }, width: area.width, levels: 6, keepRight: freshness(state, short: true),
                   x: area.x, y: area.y, buffer: &buffer, style: t[.header])
        putFitting({ secondLine(state, detail: $0) }, width: area.width, levels: 5, keepRight: nil,
                   x: area.x, y: area.y + 1, buffer: &buffer, style: t[.header])

        // Line 3: the stale banner, or a separator.
        if let error = state.connection.error {
            let style = t[.error].reverse()
            buffer.fill(Rect(x: area.x, y: area.y + 2, width: area.width, height: 1), style: style)
            let (head, tails) = banner(state, error: error)
            // The reason comes first and is elided before the retry time and data age are cut
            // (the whole reason is in the body, or under the table when rows are shown).
            var tail = tails.first { DisplayWidth.of(head) + DisplayWidth.of($0) <= area.width } ?? tails.last ?? ""
            if DisplayWidth.of(tail) + 24 > area.width { tail = "" }
            let tailWidth = DisplayWidth.of(tail)
            let room = max(0, area.width - tailWidth)
            let used = DisplayWidth.of(head) <= room
                ? buffer.put(head, x: area.x, y: area.y + 2, maxWidth: room, style: style)
                : buffer.putElided(head, x: area.x, y: area.y + 2, width: room, style: style)
            buffer.put(tail, x: area.x + used, y: area.y + 2, maxWidth: area.width - used, style: style)
        } else {
            buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y + 2, maxWidth: area.width, style: t[.border])
        }
    }

    /// Tries `line(0)`, `line(1)`, … (less and less detail) and draws the first that fits. When
    /// none does, the last is cut on the left of `keepRight`, which is always drawn whole.
    static func putFitting(_ line: (Int) -> [Span], width: Int, levels: Int, keepRight: Span?, x: Int, y: Int,
                           buffer: inout Buffer, style: Style) {
        for level in 0..<levels {
            let spans = line(level)
            if Line(spans).width <= width {
                buffer.put(Line(spans), x: x, y: y, maxWidth: width)
                return
            }
        }
        var rest = line(levels - 1)
        guard let keepRight else {
            buffer.putElided(Line(rest), x: x, y: y, width: width)
            return
        }
        // The last span of the line is the kept one; draw the rest elided before it.
        if !rest.isEmpty { rest.removeLast() }
        let keep = min(width, keepRight.width)
        let left = max(0, width - keep - 1)
        if left > 0 { buffer.putElided(Line(rest), x: x, y: y, width: left) }
        buffer.put(Line([keepRight]), x: x + width - keep, y: y, maxWidth: keep)
    }

    /// Line 1 at a level of detail (the context, when one is in use, at every level): 0 everything; 1 short freshness; 2 without the revision;
    /// 3 without the poll period; 4 without the title; 5 the read-only mark shortened.
    static func firstLine(_ state: AppState, detail level: Int) -> [Span] {
        let t = state.theme
        let c = state.connection
        var line: [Span] = []
        if level < 4 {
            line.append(Span(" PodDeck ", Style(fg: t[.title].fg, bg: t[.header].bg, attributes: t[.title].attributes)))
        }
        if let context = state.context {
            // Which cluster this is: never dropped, however narrow the terminal.
            line.append(Span(" ctx ", t[.header]))
            line.append(Span(Sanitizer.clean(context), t[.header].bold()))
            line.append(Span(" ", t[.header]))
        }
        line.append(Span(" etcd ", t[.header]))
        line.append(Span(c.endpoint ?? c.target ?? "…", t[.header].bold()))
        if c.revision > 0 && level < 2 { line.append(Span("  rev \(c.revision)", t[.header])) }
        line.append(Span("  ns ", t[.header]))
        line.append(Span(state.namespace ?? "all", t[.header].bold()))
        if level < 3 {
            line.append(Span("  poll \(DurationText.format(state.pollInterval))\(c.watching ? " + watch" : "")", t[.header]))
        }
        if state.readonly {
            line.append(Span(level < 5 ? "  READ-ONLY" : "  RO", t[.warning].patched(with: t[.header]).bold()))
        }
        line.append(Span("  ", t[.header]))
        line.append(freshness(state, short: level >= 1))
        return line
    }

    /// Line 2 at a level of detail: 0 full counts; 1 short counts (zero counts dropped); 2 without
    /// the sort; 3 the pod count alone; 4 short attention texts. What needs attention stays.
    static func secondLine(_ state: AppState, detail level: Int) -> [Span] {
        let t = state.theme
        var spans: [Span] = [Span(" ", t[.header])]
        if state.connection.lastSuccess == nil && !state.connection.loading {
            // Nothing was read: no counts to show (not "0 pods").
            spans.append(Span("pods not read yet", t[.header]))
            return spans + attentionSpans(state, short: level >= 4)
        }
        if level < 3 { spans += classCounts(state, compact: level >= 1) }
        spans.append(Span(level < 3 ? "│ \(state.list.count) pods" : "\(state.list.count) pods", t[.header]))
        let encrypted = state.list.encryptedCount
        if state.list.unreadable.count > encrypted {
            spans.append(Span("  \(state.list.unreadable.count - encrypted) unreadable", t[.warning].patched(with: Style(bg: t[.header].bg))))
        }
        if encrypted > 0 {
            spans.append(Span("  \(encrypted) encrypted", t[.header]))
        }
        if !state.marks.isEmpty {
            spans.append(Span(level < 3 ? "  ● \(state.marks.count) marked" : "  ●\(state.marks.count)", t[.header].bold()))
        }
        if let f = state.list.filter {
            spans.append(Span(level < 3 ? "  filter /\(f.text) → \(state.list.visible.count)" : "  /… → \(state.list.visible.count)", t[.header]))
        }
        if level < 2 {
            let s = state.list.sort
            spans.append(Span("  sort \(s.column.rawValue) \(s.ascending ? "▲" : "▼")", t[.header]))
        }
        return spans + attentionSpans(state, short: level >= 4)
    }

    /// Counts per status class (compact: short names, zero counts dropped).
    static func classCounts(_ state: AppState, compact: Bool) -> [Span] {
        let t = state.theme
        var spans: [Span] = []
        let counts = state.list.phaseCounts
        let order: [(StatusClass, String, String, ThemeKey)] = [
            (.running, "Running", "Run", .statusRunning), (.pending, "Pending", "Pend", .statusPending),
            (.succeeded, "Succeeded", "Succ", .statusSucceeded), (.failed, "Failed", "Fail", .statusFailed),
            (.terminating, "Terminating", "Term", .statusTerminating), (.unknown, "Unknown", "Unk", .statusUnknown),
        ]
        for (cls, label, short, key) in order {
            let n = counts[cls.rawValue] ?? 0
            if compact && n == 0 { continue }
            spans.append(Span("\(compact ? short : label) ", t[.header]))
            spans.append(Span("\(n)", t[key].patched(with: Style(bg: t[.header].bg)).bold()))
            spans.append(Span(compact ? " " : "  ", t[.header]))
        }
        return spans
    }

    /// Probe, pull and Docker states that need the operator's attention. Failing probes are
    /// counted in the namespace shown.
    static func attentionSpans(_ state: AppState, short: Bool = false) -> [Span] {
        let t = state.theme
        var spans: [Span] = []
        if !state.probesEnabled {
            spans.append(Span("  probes off", t[.header]))
        } else if let pods = state.probesOverLimit {
            let text = short ? "  probes off: \(pods) pods" : "  probes off: \(pods) pods with probes > probes.maxPods \(state.probeMaxPods)"
            spans.append(Span(text, t[.warning].patched(with: Style(bg: t[.header].bg))))
        } else if state.probesPaused {
            spans.append(Span("  probes paused", t[.warning].patched(with: Style(bg: t[.header].bg))))
        } else {
            let failing = state.probes.failingPods(inNamespace: state.namespace)
            if failing > 0 {
                let text = short ? "  \(failing) failing" : "  \(failing) pod\(failing == 1 ? "" : "s") failing probes"
                spans.append(Span(text, t[.probeFailing].patched(with: Style(bg: t[.header].bg))))
            }
        }
        if state.probesEnabled && state.probes.execProbesOff > 0 {
            spans.append(Span("  \(state.probes.execProbesOff) exec probe\(state.probes.execProbesOff == 1 ? "" : "s") off",
                              t[.dim].patched(with: Style(bg: t[.header].bg))))
        }
        let active = state.pulls.values.filter { !$0.isFinished }.count
        if active > 0 { spans.append(Span("  \(active) pulling", t[.pullProgress].patched(with: Style(bg: t[.header].bg)))) }
        if case .unavailable? = state.docker {
            spans.append(Span(short ? "  no docker" : "  docker unavailable", t[.dim].patched(with: Style(bg: t[.header].bg))))
        }
        return spans
    }

    /// Whether the data can be trusted: live (and how old), stale, or not read yet.
    static func freshness(_ state: AppState, short: Bool = false) -> Span {
        let t = state.theme
        let c = state.connection
        let onHeader = Style(bg: t[.header].bg)
        guard let last = c.lastSuccess else {
            if c.error != nil { return Span("● NO DATA", t[.error].patched(with: onHeader).bold()) }
            return Span(short ? "○ connecting" : "○ connecting…", t[.warning].patched(with: onHeader))
        }
        if c.error != nil { return Span("● STALE", t[.error].patched(with: onHeader).bold()) }
        let age = ageText(state.now.timeIntervalSince(last))
        return Span(short ? "● live \(age)" : "● live, updated \(age) ago", t[.statusRunning].patched(with: onHeader))
    }

    /// The stale banner: the reason first (so a narrow terminal still shows it), then when the
    /// next attempt happens and how old the data shown is — as a head and the tails to choose
    /// from, longest first.
    static func banner(_ state: AppState, error: String) -> (head: String, tails: [String]) {
        let c = state.connection
        let head = " ⚠ etcd unreachable: \(Sanitizer.clean(error))"
        let retry = retryText(state)
        let data: String
        if let last = c.lastSuccess {
            data = "showing data from \(ageText(state.now.timeIntervalSince(last))) ago"
        } else {
            data = "no data yet"
        }
        var tails = [" — " + ([retry, data].compactMap { $0 }.joined(separator: ", ")) + " "]
        if let retry { tails.append(" — \(retry) ") }
        return (head, tails)
    }

    /// `retrying in 3s`, or `retrying now…` once the time has come (the attempt may take a
    /// while to answer: it is never shown as `0s`).
    static func retryText(_ state: AppState) -> String? {
        guard let retry = state.connection.nextRetry else { return nil }
        let secs = Int(retry.timeIntervalSince(state.now).rounded(.up))
        return secs > 0 ? "retrying in \(secs)s" : "retrying now…"
    }

    static func ageText(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60)s" }
        return "\(s / 3600)h\(s % 3600 / 60)m"
    }
}

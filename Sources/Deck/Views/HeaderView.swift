import Foundation
import Screen

/// The three header lines: where the data comes from, how fresh it is, and what is shown.
enum HeaderView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 2), style: t[.header])
        var line1: [Span] = [Span(" PodDeck ", Style(fg: t[.title].fg, bg: t[.header].bg, attributes: t[.title].attributes))]
        let c = state.connection
        line1.append(Span(" etcd ", t[.header]))
        line1.append(Span(c.endpoint ?? "connecting…", t[.header].bold()))
        if c.revision > 0 { line1.append(Span("  rev \(c.revision)", t[.header])) }
        line1.append(Span("  ns ", t[.header]))
        line1.append(Span(state.namespace ?? "all", t[.header].bold()))
        line1.append(Span("  poll \(DurationText.format(state.pollInterval))\(c.watching ? " + watch" : "")", t[.header]))
        if state.readonly { line1.append(Span("  READ-ONLY", t[.warning].patched(with: t[.header]).bold())) }
        line1.append(Span("  ", t[.header]))
        line1.append(freshness(state))
        buffer.put(Line(line1), x: area.x, y: area.y, maxWidth: area.width)

        // Line 2: counts, then what needs attention, then the sort. When it does not fit, the
        // counts shorten (and zero counts go) before anything that needs attention is cut.
        let attention = attentionSpans(state)
        var line2 = countsLine(state, compact: false) + attention
        if Line(line2).width > area.width {
            line2 = countsLine(state, compact: true) + attention
        }
        buffer.put(Line(line2), x: area.x, y: area.y + 1, maxWidth: area.width)

        // Line 3: the stale banner, or a separator.
        if let error = c.error {
            var text = " ⚠ etcd unreachable"
            if let retry = c.nextRetry {
                let secs = max(0, Int(retry.timeIntervalSince(state.now).rounded(.up)))
                text += " — retrying in \(secs)s"
            }
            if let last = c.lastSuccess {
                text += ", showing data from \(ageText(state.now.timeIntervalSince(last))) ago"
            } else {
                text += ", no data yet"
            }
            text += ": \(Sanitizer.clean(error))"
            buffer.fill(Rect(x: area.x, y: area.y + 2, width: area.width, height: 1), style: t[.error].reverse())
            buffer.putElided(text, x: area.x, y: area.y + 2, width: area.width, style: t[.error].reverse())
        } else {
            buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y + 2, maxWidth: area.width, style: t[.border])
        }
    }

    /// Counts per status class, the pod count, unreadable values, the filter and the sort.
    static func countsLine(_ state: AppState, compact: Bool) -> [Span] {
        let t = state.theme
        var spans: [Span] = [Span(" ", t[.header])]
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
        spans.append(Span("│ \(state.list.count) pods", t[.header]))
        let encrypted = state.list.encryptedCount
        if state.list.unreadable.count > encrypted {
            spans.append(Span("  \(state.list.unreadable.count - encrypted) unreadable", t[.warning].patched(with: Style(bg: t[.header].bg))))
        }
        if encrypted > 0 {
            spans.append(Span("  \(encrypted) encrypted", t[.header]))
        }
        if let f = state.list.filter {
            spans.append(Span("  filter /\(f.text) → \(state.list.visible.count)", t[.header]))
        }
        let s = state.list.sort
        spans.append(Span("  sort \(s.column.rawValue) \(s.ascending ? "▲" : "▼")", t[.header]))
        return spans
    }

    /// Probe, pull and Docker states that need the operator's attention.
    static func attentionSpans(_ state: AppState) -> [Span] {
        let t = state.theme
        var spans: [Span] = []
        if !state.probesEnabled {
            spans.append(Span("  probes off", t[.header]))
        } else if state.probesPaused {
            spans.append(Span("  probes paused", t[.warning].patched(with: Style(bg: t[.header].bg))))
        } else if state.probes.failingPods > 0 {
            spans.append(Span("  \(state.probes.failingPods) pod\(state.probes.failingPods == 1 ? "" : "s") failing probes",
                              t[.probeFailing].patched(with: Style(bg: t[.header].bg))))
        }
        if state.probesEnabled && state.probes.execProbesOff > 0 {
            spans.append(Span("  \(state.probes.execProbesOff) exec probe\(state.probes.execProbesOff == 1 ? "" : "s") off",
                              t[.dim].patched(with: Style(bg: t[.header].bg))))
        }
        let active = state.pulls.values.filter { !$0.isFinished }.count
        if active > 0 { spans.append(Span("  \(active) pulling", t[.pullProgress].patched(with: Style(bg: t[.header].bg)))) }
        if case .unavailable? = state.docker {
            spans.append(Span("  docker unavailable", t[.dim].patched(with: Style(bg: t[.header].bg))))
        }
        return spans
    }

    static func freshness(_ state: AppState) -> Span {
        let t = state.theme
        let c = state.connection
        if c.error != nil { return Span("● STALE", t[.error].patched(with: Style(bg: t[.header].bg)).bold()) }
        guard let last = c.lastSuccess else { return Span("○ loading…", t[.warning].patched(with: Style(bg: t[.header].bg))) }
        return Span("● live, updated \(ageText(state.now.timeIntervalSince(last))) ago", t[.statusRunning].patched(with: Style(bg: t[.header].bg)))
    }

    static func ageText(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60)s" }
        return "\(s / 3600)h\(s % 3600 / 60)m"
    }
}

import Foundation
import PodModel
import Screen
import TerminalText

/// The review, conflict and history screens.
enum EditViews {
    /// A unified diff, coloured.
    static func diffLines(_ diff: [String], theme t: Theme) -> [Line] {
        diff.map { raw in
            let s = Sanitizer.clean(raw)
            if s.hasPrefix("+++") || s.hasPrefix("---") { return Line(s, style: t[.dim]) }
            if s.hasPrefix("@@") { return Line(s, style: t[.title]) }
            if s.hasPrefix("+") { return Line(s, style: t[.diffAdded]) }
            if s.hasPrefix("-") { return Line(s, style: t[.diffRemoved]) }
            return Line(s, style: t[.body])
        }
    }

    static func reviewLines(_ review: ReviewState?, theme t: Theme) -> [Line] {
        guard let review else { return [] }
        var out: [Line] = []
        let base = review.baseRevision.map { "only if the pod is still at revision \($0)" } ?? "only if no such pod exists yet"
        out.append(Line(" Enter saves this change — \(base). Esc keeps it unsaved in:", style: t[.info]))
        out.append(Line("   \(Sanitizer.clean(review.file))", style: t[.dim]))
        out.append(Line(""))
        out += diffLines(review.diff, theme: t)
        return out
    }

    static func conflictLines(_ conflict: ConflictState?, theme t: Theme) -> [Line] {
        guard let c = conflict else { return [] }
        var out: [Line] = [
            Line(" Nothing was written: \(Sanitizer.clean(c.key.description)) changed from revision \(c.baseRevision) to \(c.currentRevision) while you edited it,", style: t[.warning]),
            Line(" and both of you changed the same field\(c.lines.count == 1 ? "" : "s") (you changed \(c.mine), they changed \(c.theirs)):", style: t[.warning]),
            Line(""),
        ]
        for line in c.lines { out.append(Line("   ✗ " + Sanitizer.clean(line), style: t[.error])) }
        out += [
            Line(""),
            Line([Span("   e ", t[.keyHintKey]), Span("edit again — their pod with your other changes, the conflicts marked", t[.body])]),
            Line([Span("   o ", t[.keyHintKey]), Span("overwrite with mine, on their revision \(c.currentRevision) (asks first)", t[.body])]),
            Line([Span("   t ", t[.keyHintKey]), Span("take theirs — write nothing", t[.body])]),
            Line([Span("   Esc ", t[.keyHintKey]), Span("cancel", t[.body])]),
            Line(""),
            Line(" Your edit is kept in \(Sanitizer.clean(c.file))", style: t[.dim]),
        ]
        return out
    }

    /// The selected version's diff (the table of versions is drawn above it by `HistoryView`).
    static func historyDiffLines(_ history: HistoryState?, theme t: Theme) -> [Line] {
        guard let h = history else { return [] }
        if h.loading { return [Line(" loading history…", style: t[.dim])] }
        guard h.selected < h.versions.count else { return [Line(" " + Sanitizer.clean(h.note), style: t[.dim])] }
        let v = h.versions[h.selected]
        var out: [Line] = [Line(" revision \(v.revision) (version \(v.version))\(v.isCreation ? " — created" : "")", style: t[.title])]
        if let problem = v.problem { out.append(Line(" " + Sanitizer.clean(problem), style: t[.warning])) }
        if v.diff.isEmpty {
            out.append(Line(v.isCreation ? " (the first version)" : " (no change in the document)", style: t[.dim]))
        } else {
            out += diffLines(v.diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), theme: t)
        }
        return out
    }
}

/// History: a table of versions above the selected version's diff.
enum HistoryView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        guard let h = state.history else { return }
        let title = " Pod \(Sanitizer.clean(h.key.description)) — history (\(h.versions.count) version\(h.versions.count == 1 ? "" : "s") held by etcd)"
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: t[.header])
        buffer.putElided(title, x: area.x, y: area.y, width: area.width, style: Style(fg: t[.title].fg, bg: t[.header].bg, attributes: t[.title].attributes))
        let tableHeight = min(max(3, h.versions.count + 1), max(3, (area.height - 2) / 3))
        let versions = h.versions
        let table = Table(
            columns: [TableColumn("REVISION", width: .fixed(10), alignment: .right, priority: 100),
                      TableColumn("VERSION", width: .fixed(8), alignment: .right, priority: 90),
                      TableColumn("CHANGES", width: .flex(min: 20, weight: 1), priority: 80)],
            rowCount: versions.count, selected: versions.isEmpty ? nil : h.selected,
            offset: Table.scrollOffset(selected: h.selected, current: 0, visibleRows: tableHeight - 1, rowCount: versions.count),
            style: t[.body], headerStyle: t[.columnHeader], selectionStyle: t[.selection], columnSpacing: 2,
            placeholder: h.loading ? "loading…" : Sanitizer.clean(h.note), placeholderStyle: t[.dim]
        ) { i in
            let v = versions[i]
            let changes = v.isCreation ? "created" : (v.changedPaths.isEmpty ? "no change" :
                "\(v.changedPaths.count): " + v.changedPaths.prefix(4).joined(separator: ", ") + (v.changedPaths.count > 4 ? ", …" : ""))
            return TableRow(texts: ["\(v.revision)", "\(v.version)", Sanitizer.clean(changes)])
        }
        table.render(into: &buffer, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: tableHeight))
        let noteY = area.y + 1 + tableHeight
        buffer.putElided(" " + Sanitizer.clean(h.note), x: area.x, y: noteY, width: area.width, style: t[.dim])
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: noteY + 1, maxWidth: area.width, style: t[.border])
        var pane = TextPane(lines: state.paneLines, offset: state.pane.offset, style: t[.body])
        pane.scrollbarStyle = t[.dim]
        pane.render(into: &buffer, area: Rect(x: area.x, y: noteY + 2, width: area.width, height: max(0, area.maxY - noteY - 2)))
    }
}

/// A yes/no question drawn over the screen.
enum ConfirmView {
    static func render(_ confirm: ConfirmState, theme t: Theme, into buffer: inout Buffer, area: Rect) {
        let dialog = Dialog(title: confirm.title, body: confirm.body.map { Line($0) }, buttons: ["Yes (Enter)", "No (Esc)"],
                            selectedButton: 0, style: t[.body], borderStyle: t[.warning], titleStyle: t[.title],
                            buttonStyle: t[.keyHint], selectedButtonStyle: t[.selection])
        dialog.render(into: &buffer, area: area)
    }
}

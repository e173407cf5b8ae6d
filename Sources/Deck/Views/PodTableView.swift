import Foundation
import Ops
import PodModel
import Screen
import TerminalText

/// The pod table: only visible rows are projected, so a frame costs O(visible rows).
enum PodTableView {
    /// The columns. Short values (READY, PROBE, IP, AGE, QOS) are `.whole`: never cut, dropped
    /// instead when the terminal is too narrow; long ones (NAME, STATUS, IMAGE, NODE) share the
    /// spare width.
    static func columns(allNamespaces: Bool, wide: Bool) -> [TableColumn] {
        var cols: [TableColumn] = [TableColumn("", width: .fixed(1), priority: 1000)]
        if allNamespaces { cols.append(TableColumn("NAMESPACE", width: .auto(min: 9, max: 20), priority: 75)) }
        cols += [
            TableColumn("NAME", width: .auto(min: 16, max: 60), priority: 100),
            TableColumn("READY", width: .whole(min: 5, max: 7), priority: 80),
            TableColumn("STATUS", width: .auto(min: 8, max: 24), priority: 90),
            TableColumn("PROBE", width: .whole(min: 5, max: 14), priority: 65),
            TableColumn("RESTARTS", width: .fixed(8), alignment: .right, priority: 60),
            TableColumn("IMAGE", width: .auto(min: 12, max: 80), priority: 50, elision: .start),
            TableColumn("NODE", width: .auto(min: 6, max: 30), priority: 30),
            TableColumn("IP", width: .whole(min: 2, max: 15), priority: 40),
            TableColumn("AGE", width: .whole(min: 3, max: 9), alignment: .right, priority: 70),
        ]
        if wide {
            cols += [
                TableColumn("QOS", width: .whole(min: 3, max: 10), priority: 20),
                TableColumn("CONTAINERS", width: .auto(min: 10, max: 40), priority: 25),
                TableColumn("LABELS", width: .flex(min: 12, weight: 2), priority: 45),
            ]
        }
        return cols
    }

    /// The widest content of each column (titles included) over every row of the list, in
    /// column order: read from counts the list and the probe board keep, never from the rows.
    static func naturalWidths(_ state: AppState, columns: [TableColumn]) -> [Int] {
        let widths = state.list.columnWidths
        let probe = state.probesEnabled ? max(4, state.probes.widestCell) : 3
        return columns.map { column in
            let content: Int
            switch column.title {
            case "NAMESPACE": content = widths[.namespace]
            case "NAME": content = widths[.name]
            case "READY": content = widths[.ready]
            case "STATUS": content = widths[.status]
            case "PROBE": content = probe
            case "RESTARTS": content = widths[.restarts]
            case "IMAGE": content = widths[.image] + 2 // the presence mark
            case "NODE": content = widths[.node]
            case "IP": content = widths[.ip]
            case "AGE": content = widths[.age]
            case "QOS": content = widths[.qos]
            case "CONTAINERS": content = widths[.containers]
            case "LABELS": content = widths[.labels]
            default: content = 0
            }
            return max(content, DisplayWidth.of(column.title))
        }
    }

    /// What the body says when there is no row to show: honest about what was (not) read.
    static func placeholder(_ state: AppState) -> String {
        let c = state.connection
        if c.lastSuccess == nil {
            if let error = c.error { return "could not read pods from etcd: \(Sanitizer.clean(error))" }
            if let target = c.target { return "connecting to \(Sanitizer.clean(target))…" }
            return "loading pods…"
        }
        if c.loading { return "loading pods…" }
        if let filter = state.list.filter { return "no pod matches /\(filter.text) (Esc clears the filter)" }
        return "no pods in \(state.namespace.map { "namespace \($0)" } ?? "any namespace")"
    }

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        var area = area
        let panelHeight = PullsPanel.height(state, available: area.height)
        if panelHeight > 0 {
            PullsPanel.render(state, into: &buffer, area: Rect(x: area.x, y: area.maxY - panelHeight, width: area.width, height: panelHeight))
            area.height -= panelHeight
        }
        let all = state.namespace == nil
        let list = state.list
        let now = state.now
        let stale = state.connection.isStale
        let columns = columns(allNamespaces: all, wide: state.wide)
        let table = Table(
            columns: columns,
            rowCount: list.visible.count,
            selected: list.visible.isEmpty ? nil : state.selected,
            offset: state.offset,
            style: t[.body],
            headerStyle: t[.columnHeader],
            selectionStyle: t[.selection],
            columnSpacing: 2,
            placeholder: "",
            placeholderStyle: t[.dim],
            naturalWidths: naturalWidths(state, columns: columns)
        ) { i in
            let entry = list.entry(atVisible: i)
            return row(entry, mark: list.marks[entry.row.key], marked: state.marks.contains(entry.row.key), allNamespaces: all, wide: state.wide, now: now, theme: t, stale: stale,
                       probe: probeCell(state, entry.row.key), image: imageCell(state, entry.row))
        }
        table.render(into: &buffer, area: area)
        if list.visible.isEmpty && area.height > 1 {
            // Wrapped, so a long reason (an etcd error) is read whole.
            let style = state.connection.lastSuccess == nil && state.connection.error != nil ? t[.error] : t[.dim]
            let lines = Paragraph.wrap(Line(placeholder(state), style: style), width: area.width - 2, maxRows: area.height - 1)
            for (k, line) in lines.enumerated() {
                buffer.put(line, x: area.x + 1, y: area.y + 1 + k, maxWidth: area.width - 1)
            }
        }
    }

    /// The PROBE cell: the pod's worst probe.
    static func probeCell(_ state: AppState, _ key: PodKey) -> Line {
        let t = state.theme
        guard state.probesEnabled else { return Line("off", style: t[.dim]) }
        let cell = state.probes.cell(for: key)
        if case .none = cell { return Line("none", style: t[.dim]) }
        return Line(cell.description, style: state.probesPaused ? t[.dim] : t[cell.themeKey])
    }

    /// The IMAGE cell: a mark for the pod's images (worst first) and the image text.
    static func imageCell(_ state: AppState, _ row: PodRow) -> Line {
        let t = state.theme
        var worst: (rank: Int, mark: String, style: Style) = (0, "", t[.body])
        for image in row.images {
            guard let ref = try? ImageReference.parse(image).normalized else {
                if worst.rank < 5 { worst = (5, "✗ ", t[.pullError]) }
                continue
            }
            let candidate: (Int, String, Style)
            switch state.images[ref] {
            case .present?: candidate = (1, "✓ ", t[.pullDone])
            case .pulling(let f)?: candidate = (4, "⇣\(Int((f * 100).rounded(.down)))% ", t[.pullProgress])
            case .failed?: candidate = (5, "✗ ", t[.pullError])
            case .absent?: candidate = (3, "○ ", t[.warning])
            case .dockerUnavailable?: candidate = (2, "⊘ ", t[.dim])
            case .unknown?, nil: candidate = (2, "? ", t[.dim])
            }
            if candidate.0 > worst.rank { worst = candidate }
        }
        return Line([Span(worst.mark, worst.style), Span(row.imageText, t[.body])])
    }

    static func row(_ entry: ListEntry, mark: RowMark?, marked: Bool = false, allNamespaces: Bool, wide: Bool, now: Date, theme t: Theme, stale: Bool,
                    probe: Line = Line(""), image: Line? = nil) -> TableRow {
        let r = entry.row
        let statusStyle: Style
        switch r.statusClass {
        case .running: statusStyle = t[.statusRunning]
        case .pending: statusStyle = t[.statusPending]
        case .succeeded: statusStyle = t[.statusSucceeded]
        case .failed: statusStyle = t[.statusFailed]
        case .terminating: statusStyle = t[.statusTerminating]
        case .unknown: statusStyle = t[.statusUnknown]
        }
        var gutter = Line(" ")
        var rowStyle = t[.body]
        switch mark?.kind {
        case .added?: gutter = Line("+", style: t[.rowAdded]); rowStyle = t[.rowAdded]
        case .changed?: gutter = Line("~", style: t[.rowChanged]); rowStyle = t[.rowChanged]
        case .deleted?: gutter = Line("-", style: t[.rowDeleted]); rowStyle = t[.rowDeleted]
        case nil: break
        }
        if entry.deleted { rowStyle = t[.rowDeleted] }
        // A marked row shows a glyph in the gutter, so marks read in every theme, not by colour alone.
        if marked { gutter = Line("●", style: t[.selection].bold()) }
        if stale { rowStyle = rowStyle.patched(with: t[.dim]) }
        let status = entry.deleted ? "Deleted" : r.status
        var cells: [Line] = [gutter]
        if allNamespaces { cells.append(Line(entry.displayKey.namespace)) }
        cells += [
            Line(entry.displayKey.name),
            Line(r.ready),
            Line(status, style: entry.deleted ? t[.rowDeleted] : statusStyle),
            probe,
            Line(r.restartsText),
            image ?? Line(r.imageText),
            Line(r.node, style: r.node == "<none>" ? t[.dim] : .plain),
            Line(r.ip, style: r.ip == "<none>" ? t[.dim] : .plain),
            Line(r.age(now: now), style: t[.dim]),
        ]
        if wide {
            cells += [Line(r.qos), Line(r.containerNames.joined(separator: ",")), Line(r.labelList.isEmpty ? "<none>" : Sanitizer.clean(r.labels))]
        }
        return TableRow(cells: cells, style: rowStyle)
    }
}

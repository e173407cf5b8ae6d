import Foundation
import Screen

/// The pod table: only visible rows are projected, so a frame costs O(visible rows).
enum PodTableView {
    static func columns(allNamespaces: Bool, wide: Bool) -> [TableColumn] {
        var cols: [TableColumn] = [TableColumn("", width: .fixed(1), priority: 1000)]
        if allNamespaces { cols.append(TableColumn("NAMESPACE", width: .auto(min: 9, max: 20), priority: 75)) }
        cols += [
            TableColumn("NAME", width: .auto(min: 16, max: 60), priority: 100),
            TableColumn("READY", width: .fixed(5), priority: 80),
            TableColumn("STATUS", width: .auto(min: 8, max: 22), priority: 90),
            TableColumn("RESTARTS", width: .fixed(8), alignment: .right, priority: 60),
            TableColumn("IMAGE", width: .flex(min: 12, weight: 1), priority: 50, elision: .start),
            TableColumn("NODE", width: .auto(min: 6, max: 16), priority: 30),
            TableColumn("IP", width: .auto(min: 6, max: 15), priority: 40),
            TableColumn("AGE", width: .auto(min: 3, max: 9), alignment: .right, priority: 70),
        ]
        if wide {
            cols += [
                TableColumn("QOS", width: .auto(min: 3, max: 10), priority: 20),
                TableColumn("CONTAINERS", width: .auto(min: 10, max: 24), priority: 25),
                TableColumn("LABELS", width: .flex(min: 12, weight: 2), priority: 45),
            ]
        }
        return cols
    }

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let t = state.theme
        let all = state.namespace == nil
        let list = state.list
        let placeholder: String
        if state.connection.loading { placeholder = "loading pods…" }
        else if list.filter != nil { placeholder = "no pod matches /\(list.filter!.text) (Esc clears the filter)" }
        else { placeholder = "no pods in \(state.namespace.map { "namespace \($0)" } ?? "any namespace")" }
        let now = state.now
        let stale = state.connection.isStale
        let table = Table(
            columns: columns(allNamespaces: all, wide: state.wide),
            rowCount: list.visible.count,
            selected: list.visible.isEmpty ? nil : state.selected,
            offset: state.offset,
            style: t[.body],
            headerStyle: t[.columnHeader],
            selectionStyle: t[.selection],
            columnSpacing: 2,
            placeholder: placeholder,
            placeholderStyle: t[.dim]
        ) { i in
            let entry = list.entry(atVisible: i)
            return row(entry, mark: list.marks[entry.row.key], allNamespaces: all, wide: state.wide, now: now, theme: t, stale: stale)
        }
        table.render(into: &buffer, area: area)
    }

    static func row(_ entry: ListEntry, mark: RowMark?, allNamespaces: Bool, wide: Bool, now: Date, theme t: Theme, stale: Bool) -> TableRow {
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
        if stale { rowStyle = rowStyle.patched(with: t[.dim]) }
        let status = entry.deleted ? "Deleted" : r.status
        var cells: [Line] = [gutter]
        if allNamespaces { cells.append(Line(entry.displayKey.namespace)) }
        cells += [
            Line(entry.displayKey.name),
            Line(r.ready),
            Line(status, style: entry.deleted ? t[.rowDeleted] : statusStyle),
            Line(r.restartsText),
            Line(r.imageText),
            Line(r.node, style: r.node == "<none>" ? t[.dim] : .plain),
            Line(r.ip, style: r.ip == "<none>" ? t[.dim] : .plain),
            Line(r.age(now: now), style: t[.dim]),
        ]
        if wide {
            cells += [Line(r.qos), Line(r.containerNames.joined(separator: ",")), Line(r.labels.isEmpty ? "<none>" : r.labels)]
        }
        return TableRow(cells: cells, style: rowStyle)
    }
}

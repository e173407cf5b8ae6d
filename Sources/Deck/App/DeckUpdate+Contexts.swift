import Foundation
import Screen
import TerminalText

extension DeckUpdate {
    /// `:ctx` lists the contexts with whether each cluster answers; `:ctx NAME` switches to one.
    static func contextCommand(_ state: inout AppState, _ name: String) -> [Effect] {
        guard !name.isEmpty else {
            state.contextListings += 1
            state.contexts = ContextListing(id: state.contextListings, loading: true)
            state.mode = .contexts
            state.pane = PaneState()
            return [.listContexts(id: state.contextListings)]
        }
        if let busy = state.busy {
            state.message = StatusMessage(text: "cannot switch context while \(busy.trimmingCharacters(in: CharacterSet(charactersIn: "…")))",
                                          kind: .warning, until: state.now + 5)
            return []
        }
        state.message = StatusMessage(text: "switching to context \(name)…", kind: .info, until: nil)
        return [.switchContext(name)]
    }

    /// Results about contexts: the listing, each cluster's answer, a switch done or refused.
    static func contextEvent(_ state: inout AppState, _ msg: Msg) {
        switch msg {
        case .contextsListed(let listing):
            guard state.contexts?.id == listing.id else { return }
            state.contexts = listing
        case .contextReach(let id, let name, let reach):
            guard state.contexts?.id == id, let row = state.contexts?.rows.firstIndex(where: { $0.name == name }) else { return }
            state.contexts?.rows[row].reach = reach
        case .contextFailed(let reason):
            state.message = StatusMessage(text: reason, kind: .error, until: state.now + 10)
        case .contextSwitched(let change):
            switchedContext(&state, change)
        default:
            return
        }
        if state.mode == .contexts { clampPane(&state) }
    }

    /// Starts the screen over for another cluster: nothing shown, marked, filtered or selected
    /// there survives; the sort and the wide columns (the operator's view) do.
    static func switchedContext(_ state: inout AppState, _ change: ContextSwitch) {
        var fresh = AppState(now: state.now, size: state.size, namespace: change.namespace, theme: change.theme,
                             readonly: change.readonly, pollInterval: change.pollInterval)
        fresh.generation = change.generation
        fresh.context = change.context
        fresh.contextListings = state.contextListings
        fresh.logSessions = state.logSessions
        fresh.wide = state.wide
        fresh.list.setSort(state.list.sort)
        fresh.probesEnabled = change.probesEnabled
        fresh.probeMaxPods = change.probeMaxPods
        fresh.probeEpoch = change.probeEpoch
        fresh.logSettings = change.logSettings
        // Auto-pull starts over too: the new cluster's pods, the new daemon's images.
        fresh.autoPull = AutoPullState(enabled: change.autoPull)
        if let first = change.endpoints.first {
            fresh.connection.target = change.endpoints.count > 1 ? "\(first) +\(change.endpoints.count - 1)" : first
        }
        let name = change.context.map { "context \($0)" } ?? "the top-level settings"
        fresh.message = StatusMessage(text: "\(name): \(fresh.connection.target ?? "")\(change.readonly ? " (read-only)" : "")",
                                      kind: .info, until: state.now + 5)
        state = fresh
    }
}

/// The `:ctx` pane: one line per context with its endpoints, read-only flag and whether its
/// cluster answers.
enum ContextsView {
    static func lines(_ listing: ContextListing?, current: String?, theme t: Theme) -> [Line] {
        guard let listing else { return [] }
        if let error = listing.error { return [Line(" " + Sanitizer.clean(error), style: t[.error])] }
        if listing.loading { return [Line(" reading the config file…", style: t[.dim])] }
        guard !listing.rows.isEmpty else {
            return [Line(" \(Sanitizer.clean(listing.configPath)) defines no contexts: add them under `contexts:`", style: t[.warning])]
        }
        let rows = listing.rows.map { row -> [String] in
            [row.name == current ? "*" : "", Sanitizer.clean(row.name), Sanitizer.clean(row.endpoints.joined(separator: ",")),
             row.readonly ? "read-only" : "read-write"]
        }
        let header = ["CURRENT", "NAME", "ENDPOINTS", "MODE"]
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func pad(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 3) }.joined()
        }
        var out = [Line(" " + pad(header) + "REACHABLE", style: t[.columnHeader])]
        for (row, cells) in zip(listing.rows, rows) {
            let (text, key): (String, ThemeKey)
            switch row.reach {
            case .checking: (text, key) = ("… checking", .dim)
            case .reachable(let version, let revision): (text, key) = ("✓ reachable (etcd \(Sanitizer.clean(version)), revision \(revision))", .statusRunning)
            case .unreachable(let reason): (text, key) = ("✗ unreachable: \(Sanitizer.clean(reason))", .error)
            case .invalid(let reason): (text, key) = ("✗ unusable: \(Sanitizer.clean(reason))", .error)
            }
            out.append(Line([Span(" " + pad(cells), row.name == current ? t[.body].bold() : t[.body]), Span(text, t[key])]))
        }
        out.append(Line(""))
        out.append(Line(" :ctx NAME switches (the list, marks, filter and selection start over)    Esc back", style: t[.dim]))
        out.append(Line(" config file: \(Sanitizer.clean(listing.configPath))", style: t[.dim]))
        return out
    }
}

import Foundation
import PodModel
import Screen

/// The one place state changes: `update(state, msg) -> effects`. No I/O, no clocks.
public enum DeckUpdate {
    /// Applies `msg` to `state` and returns the effects the runtime must carry out.
    public static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
        switch msg {
        case .key(let key):
            if state.confirm != nil { return confirmKey(&state, key) }
            if state.prompt != nil { return promptKey(&state, key) }
            if state.picker != nil || state.logs != nil { return containerKey(&state, key) }
            if case .ctrl("c") = key { return quit(&state) }
            guard let intent = Keymap.intent(for: key, in: state.keyContext) else { return [] }
            return perform(&state, intent)
        case .mouse(let event):
            return mouse(&state, event)
        case .resize(let size):
            state.size = size
            keepSelectionVisible(&state)
            clampPane(&state)
            return []
        case .tick(let now):
            state.now = now
            _ = state.list.expireMarks(now: now)
            if let until = state.message?.until, until <= now { state.message = nil }
            reselect(&state)
            return []
        case .connecting(let endpoints):
            guard let first = endpoints.first else { return [] }
            state.connection.target = endpoints.count > 1 ? "\(first) +\(endpoints.count - 1)" : first
            return []
        case .synced(let delta):
            guard delta.generation == state.generation else { return [] }
            if state.autoPull.enabled { for row in delta.upserts { state.autoPull.record(row) } }
            state.list.apply(delta, now: state.now)
            pruneMarks(&state)
            if delta.partial {
                // The first rows are on screen; the header keeps saying the listing is loading.
                reselect(&state)
                return []
            }
            state.connection.lastSuccess = delta.at
            state.connection.error = nil
            state.connection.nextRetry = nil
            state.connection.revision = delta.revision
            state.connection.endpoint = delta.endpoint
            state.connection.loading = false
            reselect(&state)
            return []
        case .syncFailed(let reason, _, let nextRetry, let generation):
            guard generation == state.generation else { return [] }
            state.connection.error = reason
            state.connection.nextRetry = nextRetry
            state.connection.loading = false
            return []
        case .watchState(let active, let generation):
            if generation == state.generation { state.connection.watching = active }
            return []
        case .podLoaded(let key, let record, let error):
            guard state.loaded?.key == key else { return [] }
            state.loaded = LoadedPod(key: key, record: record, error: error, loading: false)
            clampPane(&state)
            return []
        case .themeLoaded(let theme):
            state.theme = theme
            state.message = StatusMessage(text: "theme \(theme.name)", kind: .info, until: state.now + 3)
            clampPane(&state)
            return []
        case .themeFailed(let reason):
            state.message = StatusMessage(text: reason, kind: .error, until: state.now + 8)
            return []
        case .edit(let event):
            return editEvent(&state, event)
        case .probeUpdates(let updates):
            probeUpdates(&state, updates)
            return []
        case .probesOverLimit(let pods):
            state.probesOverLimit = pods
            return []
        case .pullEvents(let events):
            pullEvents(&state, events)
            return []
        case .imageStatuses(let statuses, let docker):
            state.docker = docker
            for (ref, status) in statuses {
                // The pull engine's own events are fresher than a presence answer for a pulling image.
                if case .pulling? = state.images[ref], case .absent = status { continue }
                state.images[ref] = status
            }
            return autoPull(&state, statuses, docker: docker)
        case .containers(let event):
            return containerEvent(&state, event)
        case .contextsListed, .contextReach, .contextSwitched, .contextFailed:
            contextEvent(&state, msg)
            return []
        }
    }

    // MARK: - Intents

    static func perform(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        switch state.mode {
        case .review, .conflict, .history: return editModeIntent(&state, intent)
        case .detail, .yaml:
            if intent == .edit || intent == .history { return writeIntent(&state, intent) }
            if intent == .logs || intent == .shell { return containerIntent(&state, intent, pod: state.loaded?.key) }
            return paneIntent(&state, intent)
        case .help, .contexts: return paneIntent(&state, intent)
        case .list: break
        }
        if intent == .toggleProbes { return liveIntent(&state, intent) }
        switch intent {
        case .moveDown: moveSelection(&state, by: 1)
        case .moveUp: moveSelection(&state, by: -1)
        case .top: moveSelection(&state, to: 0)
        case .bottom: moveSelection(&state, to: state.list.visible.count - 1)
        case .pageDown: moveSelection(&state, by: state.tableRows)
        case .pageUp: moveSelection(&state, by: -state.tableRows)
        case .startFilter: state.prompt = Prompt(kind: .filter, text: state.list.filter?.text ?? "", filterBefore: state.list.filter)
        case .startCommand: state.prompt = Prompt(kind: .command, text: "")
        case .clearFilter:
            if state.list.filter != nil {
                state.list.setFilter(nil)
                reselect(&state)
            }
        case .sortName: sort(&state, .name)
        case .sortAge: sort(&state, .age)
        case .sortStatus: sort(&state, .status)
        case .sortRestarts: sort(&state, .restarts)
        case .openDetail: return open(&state, yaml: false)
        case .openYAML: return open(&state, yaml: true)
        case .toggleWide: state.wide.toggle()
        case .refresh:
            state.message = StatusMessage(text: "refreshing…", kind: .info, until: state.now + 2)
            return [.refreshNow]
        case .help: showHelp(&state)
        case .quit: return quit(&state)
        case .edit, .create, .delete, .history: return writeIntent(&state, intent)
        case .toggleMark, .markRange, .clearMarks: markIntent(&state, intent)
        case .pull, .pullAllMissing, .cancelPull, .toggleProbes: return liveIntent(&state, intent)
        case .logs, .shell: return containerIntent(&state, intent, pod: state.selectedKey)
        case .toggleFollow, .toggleTimestamps, .toggleWrap, .saveLogs, .pickContainer, .scrollLeft, .scrollRight: break
        case .back, .searchNext, .searchPrevious, .startSearch, .save, .cancel, .editAgain, .overwrite, .takeTheirs, .rollback: break
        }
        return []
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.shouldQuit = true
        return [.quit]
    }

    static func sort(_ state: inout AppState, _ column: SortSpec.Column) {
        let spec = state.list.sort.toggled(to: column)
        state.list.setSort(spec)
        state.message = StatusMessage(text: "sorted by \(column.rawValue) \(spec.ascending ? "▲" : "▼")", kind: .info, until: state.now + 2)
        reselect(&state)
    }

    static func open(_ state: inout AppState, yaml: Bool) -> [Effect] {
        guard let key = state.selectedKey, state.list.entry(for: key) != nil else { return [] }
        state.mode = yaml ? .yaml(key) : .detail(key)
        state.loaded = LoadedPod(key: key, record: nil, error: nil, loading: true)
        state.pane = PaneState()
        return [.loadPod(key)]
    }

    static func showHelp(_ state: inout AppState) {
        if state.mode != .help { state.modeBeforeHelp = state.mode }
        state.mode = .help
        state.pane = PaneState()
    }

    // MARK: - Selection

    static func moveSelection(_ state: inout AppState, by delta: Int) {
        moveSelection(&state, to: state.selected + delta)
    }

    static func moveSelection(_ state: inout AppState, to position: Int) {
        let count = state.list.visible.count
        guard count > 0 else { state.selected = 0; state.selectedKey = nil; state.offset = 0; return }
        state.selected = min(max(0, position), count - 1)
        state.selectedKey = state.list.entry(atVisible: state.selected).row.key
        keepSelectionVisible(&state)
    }

    /// Keeps the selection on the same pod after the rows moved.
    static func reselect(_ state: inout AppState) {
        if let key = state.selectedKey, let pos = state.list.visiblePosition(of: key) {
            state.selected = pos
        }
        moveSelection(&state, to: state.selected)
    }

    static func keepSelectionVisible(_ state: inout AppState) {
        state.offset = Table.scrollOffset(selected: state.selected, current: state.offset, visibleRows: state.tableRows,
                                          rowCount: state.list.visible.count)
    }

    // MARK: - Mouse

    static func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        switch event.kind {
        case .wheelDown:
            if state.mode == .list { moveSelection(&state, by: 3) } else { scrollPane(&state, by: 3) }
        case .wheelUp:
            if state.mode == .list { moveSelection(&state, by: -3) } else { scrollPane(&state, by: -3) }
        case .press(.left):
            guard state.mode == .list else { return [] }
            let row = event.y - DeckLayout.tableBodyTop
            if row >= 0 && row < state.tableRows {
                moveSelection(&state, to: state.offset + row)
            }
        default:
            break
        }
        return []
    }
}

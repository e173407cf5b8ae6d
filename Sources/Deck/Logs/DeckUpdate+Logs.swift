import Foundation
import Ops
import Screen

extension DeckUpdate {
    /// `l` and `s` on a pod: read its containers first (a multi-container pod asks which).
    static func containerIntent(_ state: inout AppState, _ intent: Intent, pod: PodKey?) -> [Effect] {
        guard let pod else { return [] }
        let purpose: ContainerPurpose = intent == .shell ? .shell : .logs
        state.message = StatusMessage(text: purpose == .shell ? "opening a shell…" : "opening the logs…", kind: .info,
                                      until: state.now + 5)
        return [.containers(.resolve(pod, purpose))]
    }

    /// Keys while the container picker or the logs view is open.
    static func containerKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        if case .ctrl("c") = key { return closeLogs(&state) + quit(&state) }
        guard let intent = Keymap.intent(for: key, in: state.keyContext) else { return [] }
        if var picker = state.picker {
            switch intent {
            case .moveDown: picker.selected = min(picker.selected + 1, picker.names.count - 1)
            case .moveUp: picker.selected = max(picker.selected - 1, 0)
            case .top: picker.selected = 0
            case .bottom: picker.selected = picker.names.count - 1
            case .openDetail:
                state.picker = nil
                return openContainer(&state, pod: picker.pod, container: picker.names[picker.selected], purpose: picker.purpose)
            case .back, .quit:
                state.picker = nil
                return []
            default: break
            }
            state.picker = picker
            return []
        }
        return logIntent(&state, intent)
    }

    /// Results of the container actions.
    static func containerEvent(_ state: inout AppState, _ event: ContainerEvent) -> [Effect] {
        switch event {
        case .resolved(let pod, let purpose, let names, let error):
            if let error {
                state.message = StatusMessage(text: error, kind: .error, until: state.now + 8)
                return []
            }
            guard !names.isEmpty else {
                state.message = StatusMessage(text: "pod \(pod) has no containers", kind: .error, until: state.now + 8)
                return []
            }
            if state.message?.kind == .info { state.message = nil }
            if names.count == 1 { return openContainer(&state, pod: pod, container: names[0], purpose: purpose) }
            state.picker = ContainerPicker(pod: pod, purpose: purpose, names: names)
            return []
        case .lines(let session, let entries, let skipped):
            guard var logs = state.logs, logs.session == session else { return [.containers(.ackLogs(session: session))] }
            logs.ring.skip(skipped)
            logs.ring.append(contentsOf: entries)
            if !logs.following { logs.unseen += entries.count + skipped }
            clampLogs(&logs, rows: logRows(state))
            state.logs = logs
            return [.containers(.ackLogs(session: session))]
        case .status(let session, let status):
            guard state.logs?.session == session else { return [] }
            state.logs?.status = status
            return []
        case .saved(let path, let error):
            if let path {
                state.message = StatusMessage(text: "saved to \(path)", kind: .info, until: state.now + 8)
            } else {
                state.message = StatusMessage(text: "could not save the logs: \(error ?? "unknown error")", kind: .error, until: state.now + 8)
            }
            return []
        case .shellEnded(let text, let isError):
            state.message = StatusMessage(text: text, kind: isError ? .error : .info, until: state.now + 8)
            return []
        }
    }

    static func openContainer(_ state: inout AppState, pod: PodKey, container: String, purpose: ContainerPurpose) -> [Effect] {
        switch purpose {
        case .shell:
            return [.containers(.shell(pod: pod, container: container))]
        case .logs:
            let stop = closeLogs(&state)
            state.logSessions += 1
            let session = state.logSessions
            state.logs = LogViewState(session: session, pod: pod, container: container, capacity: state.logSettings.maxLines)
            return stop + [.containers(.startLogs(session: session, pod: pod, container: container))]
        }
    }

    /// Closes the logs view, stopping its stream.
    static func closeLogs(_ state: inout AppState) -> [Effect] {
        guard let logs = state.logs else { return [] }
        state.logs = nil
        return [.containers(.stopLogs(session: logs.session))]
    }

    /// Lines of the logs body (title, separator, status line and hints take four).
    static func logRows(_ state: AppState) -> Int { max(1, state.size.height - 4) }

    /// Keys in the logs view.
    static func logIntent(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        guard var logs = state.logs else { return [] }
        let rows = logRows(state)
        switch intent {
        case .back:
            return closeLogs(&state)
        case .quit:
            return closeLogs(&state) + quit(&state)
        case .moveUp: scrollLogs(&logs, by: -1, rows: rows)
        case .moveDown: scrollLogs(&logs, by: 1, rows: rows)
        case .pageUp: scrollLogs(&logs, by: -rows, rows: rows)
        case .pageDown: scrollLogs(&logs, by: rows, rows: rows)
        case .top:
            logs.following = false
            logs.top = logs.ring.firstSequence
        case .bottom:
            logs.following = true
            logs.unseen = 0
        case .toggleFollow:
            if logs.following {
                logs.following = false
                logs.top = max(logs.ring.firstSequence, logs.ring.endSequence - rows)
                state.message = StatusMessage(text: "paused: new lines are kept below (Space resumes)", kind: .info, until: state.now + 3)
            } else {
                logs.following = true
                logs.unseen = 0
            }
        case .toggleTimestamps: logs.timestamps.toggle()
        case .toggleWrap:
            logs.wrap.toggle()
            logs.left = 0
        case .scrollRight, .scrollLeft:
            guard !logs.wrap else {
                state.message = StatusMessage(text: "lines are wrapped: nothing to scroll (w turns wrap off)", kind: .info, until: state.now + 3)
                break
            }
            let step = max(1, state.size.width / 2)
            logs.left = intent == .scrollRight ? logs.left + step : max(0, logs.left - step)
        case .startSearch:
            state.logs = logs
            state.prompt = Prompt(kind: .search, text: logs.query ?? "")
            return []
        case .searchNext: stepLogMatch(&logs, &state, forward: true, rows: rows)
        case .searchPrevious: stepLogMatch(&logs, &state, forward: false, rows: rows)
        case .saveLogs:
            let lines = logs.ring.lines.map { entry in
                logs.timestamps && !entry.timestamp.isEmpty ? entry.timestamp + " " + entry.text : entry.text
            }
            state.message = StatusMessage(text: "saving \(lines.count) lines…", kind: .info, until: state.now + 5)
            return [.containers(.saveLogs(pod: logs.pod, container: logs.container, lines: lines))]
        case .pickContainer:
            return [.containers(.resolve(logs.pod, .logs))]
        case .shell:
            return [.containers(.shell(pod: logs.pod, container: logs.container))]
        case .startCommand:
            state.prompt = Prompt(kind: .command, text: "")
            return []
        default:
            return []
        }
        clampLogs(&logs, rows: rows)
        state.logs = logs
        return []
    }

    /// Scrolls; reaching the last line while going down follows again.
    static func scrollLogs(_ logs: inout LogViewState, by delta: Int, rows: Int) {
        let bottom = max(logs.ring.firstSequence, logs.ring.endSequence - rows)
        let current = logs.following ? bottom : logs.top
        let target = min(max(logs.ring.firstSequence, current + delta), bottom)
        if delta > 0 && target == bottom {
            logs.following = true
            logs.unseen = 0
        } else {
            logs.following = false
            logs.top = target
        }
    }

    /// Keeps the paused position on a line the ring still holds.
    static func clampLogs(_ logs: inout LogViewState, rows: Int) {
        guard !logs.following else { return }
        let bottom = max(logs.ring.firstSequence, logs.ring.endSequence - rows)
        logs.top = min(max(logs.top, logs.ring.firstSequence), bottom)
        if let match = logs.match, match < logs.ring.firstSequence { logs.match = nil }
    }

    /// `/` in the logs view: the first match at or below the top of the view, else the last one above.
    static func searchLogs(_ state: inout AppState, _ query: String) {
        guard var logs = state.logs else { return }
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else {
            logs.query = nil
            logs.match = nil
            state.logs = logs
            return
        }
        logs.query = q
        let rows = logRows(state)
        let start = logs.following ? max(logs.ring.firstSequence, logs.ring.endSequence - rows) : logs.top
        let found = findLogMatch(logs, q, from: start, forward: true) ?? findLogMatch(logs, q, from: start - 1, forward: false)
        guard let found else {
            logs.match = nil
            state.logs = logs
            state.message = StatusMessage(text: "no match for \(q) in the \(logs.ring.count) lines kept", kind: .warning, until: state.now + 3)
            return
        }
        show(found, in: &logs, rows: rows)
        state.logs = logs
        state.message = StatusMessage(text: "\(q): line \(found + 1) (n newer, N older)", kind: .info, until: state.now + 3)
    }

    static func stepLogMatch(_ logs: inout LogViewState, _ state: inout AppState, forward: Bool, rows: Int) {
        guard let q = logs.query else { return }
        let from = logs.match.map { forward ? $0 + 1 : $0 - 1 }
            ?? (forward ? (logs.following ? logs.ring.endSequence - rows : logs.top) : logs.ring.endSequence - 1)
        guard let found = findLogMatch(logs, q, from: from, forward: forward) else {
            state.message = StatusMessage(text: "no \(forward ? "newer" : "older") match for \(q)", kind: .warning, until: state.now + 3)
            return
        }
        show(found, in: &logs, rows: rows)
        state.message = StatusMessage(text: "\(q): line \(found + 1)", kind: .info, until: state.now + 2)
    }

    /// Pauses on `sequence`, a third of the way down the view.
    static func show(_ sequence: Int, in logs: inout LogViewState, rows: Int) {
        logs.match = sequence
        logs.following = false
        logs.top = sequence - rows / 3
        clampLogs(&logs, rows: rows)
    }

    /// The sequence number of the nearest line at or after (before) `from` containing `query`.
    static func findLogMatch(_ logs: LogViewState, _ query: String, from: Int, forward: Bool) -> Int? {
        let ring = logs.ring
        guard !ring.isEmpty else { return nil }
        var sequence = min(max(from, ring.firstSequence), ring.endSequence - 1)
        if forward && from >= ring.endSequence { return nil }
        if !forward && from < ring.firstSequence { return nil }
        while sequence >= ring.firstSequence && sequence < ring.endSequence {
            if LogSearch.contains(query, in: ring[sequence: sequence].text) { return sequence }
            sequence += forward ? 1 : -1
        }
        return nil
    }
}

/// Case-insensitive search in log text.
enum LogSearch {
    static func contains(_ query: String, in text: String) -> Bool {
        text.range(of: query, options: .caseInsensitive) != nil
    }
}

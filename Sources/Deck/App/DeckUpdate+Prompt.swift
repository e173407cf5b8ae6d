import Foundation
import Screen

extension DeckUpdate {
    /// Keys while a prompt is open: typing edits it, Enter commits, Esc cancels.
    ///
    /// The filter applies as it is typed, but only text that parses: a selector still being
    /// typed (`-l app=`) leaves the last good filter in place and says nothing; Enter on text
    /// that does not parse keeps the prompt open and says why. Esc puts back the filter that was
    /// in effect when the prompt opened.
    static func promptKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch key {
        case .escape:
            state.prompt = nil
            if prompt.kind == .filter {
                if state.message?.kind == .error { state.message = nil }
                setFilter(&state, prompt.filterBefore)
            }
            return []
        case .ctrl("c"):
            return quit(&state)
        case .enter:
            switch prompt.kind {
            case .filter:
                do {
                    let filter = try ListFilter.parse(prompt.text)
                    state.prompt = nil
                    if state.message?.kind == .error { state.message = nil }
                    setFilter(&state, filter)
                } catch {
                    state.message = StatusMessage(text: "filter /\(prompt.text.trimmingCharacters(in: .whitespaces)): \(error.description)",
                                                  kind: .error, until: nil)
                }
                return []
            case .command:
                state.prompt = nil
                return command(&state, prompt.text)
            case .search:
                state.prompt = nil
                if state.logs != nil { searchLogs(&state, prompt.text) } else { search(&state, prompt.text) }
            }
            return []
        case .backspace:
            if prompt.text.isEmpty {
                state.prompt = nil
                return []
            }
            prompt.text.removeLast()
        case .ctrl("u"):
            prompt.text = ""
        case .char(let c):
            prompt.text.append(c)
        default:
            return []
        }
        state.prompt = prompt
        if prompt.kind == .filter {
            // The text changed: an error about the earlier text no longer applies.
            if state.message?.kind == .error { state.message = nil }
            if let filter = try? ListFilter.parse(prompt.text) { setFilter(&state, filter) }
        }
        return []
    }

    /// Puts `filter` in effect, keeping the selection on the same pod when it is still shown.
    static func setFilter(_ state: inout AppState, _ filter: ListFilter?) {
        guard filter != state.list.filter else { return }
        state.list.setFilter(filter)
        state.selected = 0
        if let key = state.selectedKey, let pos = state.list.visiblePosition(of: key) { state.selected = pos }
        moveSelection(&state, to: state.selected)
    }

    /// `:` commands.
    static func command(_ state: inout AppState, _ text: String) -> [Effect] {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first else { return [] }
        let arg = words.dropFirst().joined(separator: " ")
        switch verb {
        case "q", "q!", "quit", "exit":
            return quit(&state)
        case "ns", "namespace":
            guard !arg.isEmpty else {
                state.message = StatusMessage(text: "usage: :ns NAME or :ns all (showing \(state.namespace ?? "all"))", kind: .warning, until: state.now + 4)
                return []
            }
            let target: String? = (arg == "all" || arg == "-A") ? nil : arg
            return switchNamespace(&state, target)
        case "ctx", "context":
            return contextCommand(&state, arg)
        case "theme":
            guard !arg.isEmpty else {
                state.message = StatusMessage(text: "usage: :theme NAME (using \(state.theme.name))", kind: .warning, until: state.now + 4)
                return []
            }
            return [.loadTheme(arg)]
        case "sort":
            guard let column = SortSpec.Column(rawValue: arg) else {
                state.message = StatusMessage(text: "usage: :sort name|age|status|restarts", kind: .warning, until: state.now + 4)
                return []
            }
            sort(&state, column)
        case "wide":
            state.wide.toggle()
        case "help", "h":
            showHelp(&state)
        case "refresh":
            return [.refreshNow]
        case "set", "label", "annotate":
            return quickPatch(&state, text)
        default:
            state.message = StatusMessage(text: "unknown command :\(verb) (try :ns, :ctx, :theme, :sort, :set, :label, :annotate, :wide, :q)", kind: .error, until: state.now + 5)
        }
        return []
    }

    static func switchNamespace(_ state: inout AppState, _ namespace: String?) -> [Effect] {
        state.namespace = namespace
        state.generation += 1
        state.list.reset()
        state.selected = 0
        state.offset = 0
        state.selectedKey = nil
        state.connection.loading = true
        state.connection.error = nil
        state.mode = .list
        state.message = StatusMessage(text: "namespace \(namespace ?? "all")", kind: .info, until: state.now + 3)
        return [.relist(namespace: namespace, generation: state.generation)]
    }
}

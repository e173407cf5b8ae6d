import Foundation
import Screen

extension DeckUpdate {
    /// Keys while a prompt is open: typing edits it, Enter commits, Esc cancels.
    static func promptKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch key {
        case .escape:
            state.prompt = nil
            if prompt.kind == .filter { applyFilter(&state, "") }
            return []
        case .ctrl("c"):
            return quit(&state)
        case .enter:
            state.prompt = nil
            switch prompt.kind {
            case .filter: applyFilter(&state, prompt.text)
            case .command: return command(&state, prompt.text)
            case .search:
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
        if prompt.kind == .filter { applyFilter(&state, prompt.text) }
        return []
    }

    /// Filters as the operator types.
    static func applyFilter(_ state: inout AppState, _ text: String) {
        do {
            let filter = try ListFilter.parse(text)
            if filter != state.list.filter {
                state.list.setFilter(filter)
                state.selected = 0
                if let key = state.selectedKey, let pos = state.list.visiblePosition(of: key) { state.selected = pos }
                moveSelection(&state, to: state.selected)
            }
            if state.message?.kind == .error { state.message = nil }
        } catch {
            // An incomplete selector while typing (`-l app=`) is fine; say what is wrong.
            state.message = StatusMessage(text: error.description, kind: .warning, until: state.now + 3)
        }
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
            state.message = StatusMessage(text: "unknown command :\(verb) (try :ns, :theme, :sort, :set, :label, :annotate, :wide, :q)", kind: .error, until: state.now + 5)
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

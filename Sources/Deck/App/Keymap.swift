import Screen

/// One key binding: the keys, what they mean, where, and the help line.
public struct KeyBinding: Sendable {
    /// Keys that trigger it.
    public var keys: [Key]
    /// What it does.
    public var intent: Intent
    /// Where it applies.
    public var context: KeyContext
    /// The line shown by `?`.
    public var help: String
}

/// The keymap: the single source of truth for keys and their help text.
public enum Keymap {
    /// Every binding, in help order.
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.char("j"), .down], intent: .moveDown, context: .global, help: "down one row / line"),
        KeyBinding(keys: [.char("k"), .up], intent: .moveUp, context: .global, help: "up one row / line"),
        KeyBinding(keys: [.char("g"), .home], intent: .top, context: .global, help: "first row / top"),
        KeyBinding(keys: [.char("G"), .end], intent: .bottom, context: .global, help: "last row / bottom"),
        KeyBinding(keys: [.ctrl("f"), .pageDown], intent: .pageDown, context: .global, help: "page down"),
        KeyBinding(keys: [.ctrl("b"), .pageUp], intent: .pageUp, context: .global, help: "page up"),
        KeyBinding(keys: [.char("/")], intent: .startFilter, context: .list,
                   help: "filter: text (substring), !text (inverted), -l key=value (labels)"),
        KeyBinding(keys: [.char("/")], intent: .startSearch, context: .pane, help: "search the text"),
        KeyBinding(keys: [.char("n")], intent: .searchNext, context: .pane, help: "next match"),
        KeyBinding(keys: [.char("N")], intent: .searchPrevious, context: .pane, help: "previous match"),
        KeyBinding(keys: [.escape], intent: .clearFilter, context: .list, help: "clear the filter"),
        KeyBinding(keys: [.char(":")], intent: .startCommand, context: .global,
                   help: "command: :ns NAME, :ns all, :ctx, :ctx NAME, :theme NAME, :sort COLUMN, :set image C=IMG, :label k=v, :label k-, :annotate k=v, :wide, :q"),
        KeyBinding(keys: [.char("N")], intent: .sortName, context: .list, help: "sort by name (again: reverse)"),
        KeyBinding(keys: [.char("A")], intent: .sortAge, context: .list, help: "sort by age, newest first (again: reverse)"),
        KeyBinding(keys: [.char("S")], intent: .sortStatus, context: .list, help: "sort by status (again: reverse)"),
        KeyBinding(keys: [.char("R")], intent: .sortRestarts, context: .list, help: "sort by restarts, most first (again: reverse)"),
        KeyBinding(keys: [.enter], intent: .openDetail, context: .list, help: "details: containers, ports, probes, status, conditions"),
        KeyBinding(keys: [.char("y")], intent: .openYAML, context: .global, help: "the pod as YAML"),
        KeyBinding(keys: [.char("w")], intent: .toggleWide, context: .list, help: "wide: QoS, containers, labels"),
        KeyBinding(keys: [.char("r")], intent: .refresh, context: .global, help: "refresh now"),
        KeyBinding(keys: [.char(" ")], intent: .toggleMark, context: .list, help: "mark / unmark the pod (Ctrl-d, :label, :annotate, :set image and p then act on the marked pods)"),
        KeyBinding(keys: [.ctrl(" ")], intent: .markRange, context: .list, help: "mark every row from the last mark to this one"),
        KeyBinding(keys: [.ctrl("\\")], intent: .clearMarks, context: .list, help: "clear every mark"),
        KeyBinding(keys: [.char("e")], intent: .edit, context: .list, help: "edit the pod in $EDITOR (saved only on the revision you started from)"),
        KeyBinding(keys: [.char("c")], intent: .create, context: .list, help: "create a pod in this namespace from a template"),
        KeyBinding(keys: [.ctrl("d")], intent: .delete, context: .list, help: "delete the pod, or the marked pods in one transaction (asks; only at the revisions shown)"),
        KeyBinding(keys: [.char("h")], intent: .history, context: .list, help: "history: the versions etcd still holds"),
        KeyBinding(keys: [.char("p")], intent: .pull, context: .list, help: "pull the selected pod's images (through the Docker Engine API)"),
        KeyBinding(keys: [.char("P")], intent: .pullAllMissing, context: .list, help: "pull every missing image of the listed pods"),
        KeyBinding(keys: [.char("x")], intent: .cancelPull, context: .list, help: "cancel the selected pod's pulls (every pull when it has none)"),
        KeyBinding(keys: [.ctrl("p")], intent: .toggleProbes, context: .global, help: "pause / resume probing"),
        KeyBinding(keys: [.char("l")], intent: .logs, context: .list, help: "logs of the pod's container (through the Docker Engine API)"),
        KeyBinding(keys: [.char("s")], intent: .shell, context: .list, help: "shell in the pod's container (suspends the dashboard until it exits)"),
        KeyBinding(keys: [.char("l")], intent: .logs, context: .pane, help: "logs of the pod shown"),
        KeyBinding(keys: [.char("s")], intent: .shell, context: .pane, help: "shell in the pod shown"),
        KeyBinding(keys: [.char("e")], intent: .edit, context: .pane, help: "edit the pod shown"),
        KeyBinding(keys: [.char("h")], intent: .history, context: .pane, help: "history of the pod shown"),
        KeyBinding(keys: [.enter], intent: .save, context: .review, help: "save the edit (one transaction on its base revision)"),
        KeyBinding(keys: [.escape, .char("q")], intent: .cancel, context: .review, help: "do not save (your file is kept)"),
        KeyBinding(keys: [.char("e")], intent: .editAgain, context: .conflict, help: "edit again: their pod, your other changes, conflicts marked"),
        KeyBinding(keys: [.char("o")], intent: .overwrite, context: .conflict, help: "overwrite with mine, on their revision (asks first)"),
        KeyBinding(keys: [.char("t")], intent: .takeTheirs, context: .conflict, help: "take theirs: write nothing"),
        KeyBinding(keys: [.escape, .char("q")], intent: .cancel, context: .conflict, help: "cancel (your file is kept)"),
        KeyBinding(keys: [.char("R")], intent: .rollback, context: .history, help: "roll back to the selected version (as an edit)"),
        KeyBinding(keys: [.escape, .char("q")], intent: .back, context: .history, help: "back to the list"),
        KeyBinding(keys: [.escape, .char("q"), .backspace], intent: .back, context: .pane, help: "back to the list"),
        KeyBinding(keys: [.char(" "), .char("f")], intent: .toggleFollow, context: .logs, help: "pause / resume following (the position is kept while paused)"),
        KeyBinding(keys: [.char("t")], intent: .toggleTimestamps, context: .logs, help: "time stamps on / off"),
        KeyBinding(keys: [.char("w")], intent: .toggleWrap, context: .logs, help: "wrap long lines on / off"),
        KeyBinding(keys: [.right, .char("l")], intent: .scrollRight, context: .logs, help: "long lines: scroll right half a screen (wrap off)"),
        KeyBinding(keys: [.left, .char("h")], intent: .scrollLeft, context: .logs, help: "long lines: scroll left half a screen (wrap off)"),
        KeyBinding(keys: [.char("/")], intent: .startSearch, context: .logs, help: "search the lines kept"),
        KeyBinding(keys: [.char("n")], intent: .searchNext, context: .logs, help: "next match (newer)"),
        KeyBinding(keys: [.char("N")], intent: .searchPrevious, context: .logs, help: "previous match (older)"),
        KeyBinding(keys: [.char("S")], intent: .saveLogs, context: .logs, help: "save the lines kept to a file"),
        KeyBinding(keys: [.char("c")], intent: .pickContainer, context: .logs, help: "logs of another container of the pod"),
        KeyBinding(keys: [.char("s")], intent: .shell, context: .logs, help: "shell in this container"),
        KeyBinding(keys: [.escape, .char("q")], intent: .back, context: .logs, help: "close the logs (the stream stops)"),
        KeyBinding(keys: [.enter], intent: .openDetail, context: .picker, help: "choose the container"),
        KeyBinding(keys: [.escape, .char("q")], intent: .back, context: .picker, help: "choose none"),
        KeyBinding(keys: [.char("?")], intent: .help, context: .global, help: "this help"),
        KeyBinding(keys: [.char("q"), .ctrl("c")], intent: .quit, context: .list, help: "quit"),
        KeyBinding(keys: [.ctrl("c")], intent: .quit, context: .global, help: "quit from anywhere"),
    ]

    /// The intent of `key` in `context` (context bindings win over global ones).
    public static func intent(for key: Key, in context: KeyContext) -> Intent? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.intent }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.intent
    }

    /// Help lines: (keys, help, context), generated from the bindings.
    public static func helpLines() -> [(keys: String, help: String, context: KeyContext)] {
        bindings.map { b in (b.keys.map(\.display).joined(separator: " "), b.help, b.context) }
    }
}

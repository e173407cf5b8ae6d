import Ops

/// Markdown reference tables generated from the code (settings, keys, theme keys), so the
/// README cannot drift from what the program does (`poddeck docs`).
public enum ReferenceDocs {
    /// Every setting: config key, flags, environment variables, meaning and default.
    public static func settingsTable() -> String {
        var out = "| config key | flag | environment | meaning |\n|---|---|---|---|\n"
        for s in SettingKey.all {
            let key: String
            switch s.placement {
            case .anywhere: key = "`\(s.key)`"
            case .topLevel: key = "`\(s.key)` (top level)"
            case .nowhere: key = "—"
            }
            let flags = s.flagSpellings.map { "`\($0)`" }.joined(separator: ", ")
            let env = s.environment.isEmpty ? "—" : s.environment.map { "`\($0)`" }.joined(separator: ", ")
            let shown = s.shownDefault.map { " (default `\($0)`)" } ?? ""
            out += "| \(key) | \(flags.isEmpty ? "—" : flags) | \(env) | \(s.help)\(shown) |\n"
        }
        return out
    }

    /// The settings whose flags a command takes, for its `--help`: one entry per setting in the
    /// layout of the parser's own options (label, then the help wrapped at `width`), each naming
    /// its environment variables and config key.
    public static func settingsHelp(groups: Set<SettingGroup>, title: String, width: Int = 80) -> String {
        let settings = SettingKey.all.filter { groups.contains($0.group) && !$0.flagSpellings.isEmpty }
        guard !settings.isEmpty else { return "" }
        var out = "\(title):\n"
        let labelWidth = 24, indent = 2
        for s in settings {
            var label = s.flagSpellings.joined(separator: ", ")
            if let value = s.valueName { label += " <\(value)>" }
            var text = s.help.hasPrefix("etcd") ? s.help : s.help.prefix(1).uppercased() + s.help.dropFirst()
            if s.flag == nil, s.negation != nil {
                text = "Turn off: \(s.help) (on by default)"
            } else if let shown = s.shownDefault {
                text += " (default \(shown))"
            }
            var sources: [String] = []
            if !s.environment.isEmpty { sources.append("env " + s.environment.joined(separator: ", ")) }
            if s.placement != .nowhere { sources.append("config \(s.key)") }
            if !sources.isEmpty { text += " [\(sources.joined(separator: "; "))]" }
            let lines = wrap(text, width: width - indent - labelWidth)
            let pad = String(repeating: " ", count: indent + labelWidth)
            if label.count <= labelWidth - 2 {
                out += String(repeating: " ", count: indent) + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + lines[0] + "\n"
            } else {
                out += String(repeating: " ", count: indent) + label + "\n" + pad + lines[0] + "\n"
            }
            for line in lines.dropFirst() { out += pad + line + "\n" }
        }
        return out
    }

    /// Words of `text` in lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Every key binding, grouped by where it applies.
    public static func keysTable() -> String {
        var out = "| keys | where | what it does |\n|---|---|---|\n"
        for b in Keymap.bindings {
            let keys = b.keys.map { "`\($0.display)`" }.joined(separator: " ")
            let context: String
            switch b.context {
            case .global: context = "everywhere"
            case .list: context = "pod list"
            case .pane: context = "detail / YAML / help"
            case .review: context = "edit review"
            case .conflict: context = "conflict view"
            case .history: context = "history"
            case .logs: context = "logs"
            case .picker: context = "container picker"
            }
            out += "| \(keys) | \(context) | \(b.help) |\n"
        }
        return out
    }

    /// Every theme key with its meaning and the default theme's style.
    public static func themeKeysTable() -> String {
        var out = "| theme key | meaning |\n|---|---|\n"
        for key in ThemeKey.allCases {
            out += "| `\(key.rawValue)` | \(ThemeKeyDocs.meaning(key)) |\n"
        }
        return out
    }
}

/// One-line meanings of theme keys (kept next to `ThemeKey`'s own docs).
enum ThemeKeyDocs {
    static func meaning(_ key: ThemeKey) -> String {
        switch key {
        case .body: return "ordinary text and the background of the whole screen"
        case .header: return "the header block (endpoint, revision, counts, freshness)"
        case .title: return "titles of panes and dialogs"
        case .border: return "box borders and separators"
        case .columnHeader: return "table column headings"
        case .selection: return "the selected row"
        case .dim: return "de-emphasised text (hints, ages, `<none>`)"
        case .error: return "error messages and the stale banner"
        case .warning: return "warnings (stale data, stalled pulls)"
        case .info: return "informational messages (saved, merged)"
        case .keyHintKey: return "the key part of a key hint (`q`, `?`)"
        case .keyHint: return "the label part of a key hint (`quit`, `help`)"
        case .filterPrompt: return "the `/` and `:` prompt"
        case .searchMatch: return "matches of a search"
        case .statusRunning: return "status: running and ready"
        case .statusPending: return "status: pending, creating, not ready"
        case .statusSucceeded: return "status: completed"
        case .statusFailed: return "status: failed, crash-looping, image errors"
        case .statusTerminating: return "status: terminating"
        case .statusUnknown: return "status: unknown or unreadable"
        case .rowAdded: return "row mark: added since the last sync"
        case .rowChanged: return "row mark: changed since the last sync"
        case .rowDeleted: return "row mark: deleted since the last sync"
        case .probeOk: return "probe passing"
        case .probeFailing: return "probe failing"
        case .probeWarning: return "probe passing with a warning"
        case .probeUnknown: return "probe state unknown"
        case .pullProgress: return "pull in progress (bar and text)"
        case .pullDone: return "pull finished"
        case .pullError: return "pull failed or stalled"
        case .diffAdded: return "diff: added lines"
        case .diffRemoved: return "diff: removed lines"
        }
    }
}

import Ops

/// Adds the setting flags to the shell completion scripts the command-line parser generates.
///
/// The parser only knows each command's own options; the setting flags (declared once, in
/// ``SettingKey/all``) are taken out of the command line before it runs, so its scripts would not
/// offer them. This adds them to each command's part of the script: bash's flag and option lists,
/// zsh's `_arguments` specs, fish's `complete` lines. A script whose layout it does not recognise
/// is returned as it is.
public enum CompletionScripts {
    /// `script` for `shell` (`bash`, `zsh` or `fish`) with the flags of the settings each
    /// command takes (`groups`, by command name) added.
    public static func adding(settingsOf groups: [String: Set<SettingGroup>], to script: String, shell: String,
                              program: String) -> String {
        switch shell {
        case "bash": return bash(script, groups: groups, program: program)
        case "zsh": return zsh(script, groups: groups, program: program)
        case "fish": return fish(script, groups: groups, program: program)
        default: return script
        }
    }

    /// The settings with flags that `command` takes.
    static func settings(for command: String, _ groups: [String: Set<SettingGroup>]) -> [SettingKey] {
        guard let taken = groups[command], !taken.isEmpty else { return [] }
        return SettingKey.all.filter { taken.contains($0.group) && !$0.flagSpellings.isEmpty }
    }

    /// The top-level command a completion function is for: `_poddeck_config_get-contexts` → `config`.
    static func command(ofFunction line: String, program: String) -> String? {
        let prefix = "_\(program)_"
        guard line.hasPrefix(prefix), line.hasSuffix("() {") else { return nil }
        let name = line.dropFirst(prefix.count).dropLast(4)
        return name.split(separator: "_").first.map(String.init)
    }

    static func bash(_ script: String, groups: [String: Set<SettingGroup>], program: String) -> String {
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var current: [SettingKey] = []
        for i in lines.indices {
            let line = lines[i]
            if let command = command(ofFunction: line, program: program) {
                current = settings(for: command, groups)
                continue
            }
            guard !current.isEmpty else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = String(line.prefix { $0 == " " })
            if trimmed.hasPrefix("non_repeating_flags=("), trimmed.hasSuffix(")") {
                let flags = current.filter(\.isBoolean).flatMap(\.flagSpellings)
                lines[i] = indent + "non_repeating_flags=(" + (flags + inner(trimmed)).joined(separator: " ") + ")"
            } else if trimmed.hasPrefix("non_repeating_options=("), trimmed.hasSuffix(")") {
                let options = current.filter { !$0.isBoolean }.flatMap(\.flagSpellings)
                lines[i] = indent + "non_repeating_options=(" + (options + inner(trimmed)).joined(separator: " ") + ")"
                current = [] // one function's lists done
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The words inside `name=(…)`.
    static func inner(_ assignment: String) -> [String] {
        guard let open = assignment.firstIndex(of: "("), let close = assignment.lastIndex(of: ")") else { return [] }
        return assignment[assignment.index(after: open)..<close].split(separator: " ").map(String.init)
    }

    static func zsh(_ script: String, groups: [String: Set<SettingGroup>], program: String) -> String {
        var out: [String] = []
        var current: [SettingKey] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            out.append(line)
            if let command = command(ofFunction: line, program: program) {
                current = settings(for: command, groups)
                continue
            }
            guard !current.isEmpty, line.trimmingCharacters(in: .whitespaces) == "local -ar arg_specs=(" else { continue }
            let indent = String(line.prefix { $0 == " " }) + "    "
            for s in current { out.append(indent + zshSpec(s)) }
            current = []
        }
        return out.joined(separator: "\n")
    }

    static func zshSpec(_ s: SettingKey) -> String {
        let help = s.help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
            .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
            .replacingOccurrences(of: "'", with: "'\\''")
        let value = s.valueName.map { ":\($0):" } ?? ""
        let spellings = s.isBoolean ? s.flagSpellings : [s.short.map { "-\($0)" }, s.flag.map { "--\($0)" }].compactMap { $0 }
        if spellings.count == 1 { return "'\(spellings[0])[\(help)]\(value)'" }
        let names = spellings.joined(separator: " ")
        return "'(\(names))'{\(spellings.joined(separator: ","))}'[\(help)]\(value)'"
    }

    static func fish(_ script: String, groups: [String: Set<SettingGroup>], program: String) -> String {
        // Every command path the script completes options for, in order: `poddeck get`, `poddeck config get-contexts`.
        let marker = "__\(program)_should_offer_completions_for_flags_or_options \""
        var paths: [String] = []
        for line in script.split(separator: "\n") {
            guard let start = line.range(of: marker) else { continue }
            let rest = line[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            let path = String(rest[..<end])
            if !paths.contains(path) { paths.append(path) }
        }
        var added: [String] = []
        for path in paths {
            let words = path.split(separator: " ")
            guard words.count >= 2 else { continue }
            for s in settings(for: String(words[1]), groups) {
                let names = ([s.short.map(String.init)] + [s.flag, s.negation]).compactMap { $0 }.joined(separator: " ")
                var line = "complete -c '\(program)' -n '\(marker)\(path)\" \(names)'"
                if let short = s.short { line += " -s '\(short)'" }
                if let flag = s.flag { line += " -l '\(flag)'" }
                if let negation = s.negation { line += " -l '\(negation)'" }
                line += " -d '\(s.help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
                if !s.isBoolean { line += " -rfka ''" }
                added.append(line)
            }
        }
        guard !added.isEmpty else { return script }
        return script + (script.hasSuffix("\n") ? "" : "\n") + added.joined(separator: "\n") + "\n"
    }
}

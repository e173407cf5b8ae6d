import Ops

/// Puts a command line typed the kubectl/etcdctl way into the order the parser reads, and takes
/// the setting flags out of it.
///
/// Every setting's flags are declared once, in ``SettingKey/all``; the command-line parser sees
/// only each command's own options. This pre-pass finds the command name, takes out every flag of
/// the settings that command takes (`--name value`, `--name=value`, `-n value`, boolean flags,
/// before or after the command name) and hands them over as config keys and text. Command
/// options that may come before the command name (`poddeck -A get pods`) are moved after it. A
/// word in the command's place that is no command is refused with the nearest command name,
/// instead of being read as an argument of the default command.
public struct CommandLineOrder: Sendable {
    /// The command names (including `help`), in the order suggestions prefer.
    public var commands: [String]
    /// The command run when none is named.
    public var defaultCommand: String?
    /// The setting groups each command takes; a command not listed takes none.
    public var settingGroups: [String: Set<SettingGroup>]
    /// Command options without a value that may come before the command name (`-A`); moved after it.
    public var leadingFlags: Set<String>
    /// The settings whose flags are taken out.
    public var settings: [SettingKey]
    /// The program name, for messages.
    public var program: String

    /// A command line taken apart.
    public struct Arranged: Sendable, Equatable {
        /// What the command-line parser reads: the command name first, then its own options.
        public var arguments: [String]
        /// The settings given by flags: config key to text (`config` and `currentContext` included).
        public var settings: [String: String]
        /// The command named (nil: none, the default command runs).
        public var command: String?
        /// Whether help was asked for (`--help`, `-h`, `help COMMAND`).
        public var wantsHelp: Bool
        /// The command whose help was asked for (`help get` asks for `get`'s).
        public var helpCommand: String? {
            guard command == "help" else { return command }
            return arguments.dropFirst().first { !$0.hasPrefix("-") }
        }
    }

    /// Creates the rules for one program.
    public init(program: String, commands: [String], defaultCommand: String? = nil,
                settingGroups: [String: Set<SettingGroup>], leadingFlags: Set<String> = [],
                settings: [SettingKey] = SettingKey.all) {
        self.program = program
        self.commands = commands
        self.defaultCommand = defaultCommand
        self.settingGroups = settingGroups
        self.leadingFlags = leadingFlags
        self.settings = settings
    }

    /// A flag of a setting as typed: the setting, whether it is the negation, and a value given
    /// with `=`.
    struct Match {
        var setting: SettingKey
        var negated: Bool
        var inline: String?
    }

    /// The setting `argument` is a flag of, among `settings`.
    func match(_ argument: String, among settings: [SettingKey]) -> Match? {
        guard argument.hasPrefix("-"), argument.count > 1 else { return nil }
        var name = argument
        var inline: String?
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            inline = String(argument[argument.index(after: equals)...])
        } else if !argument.hasPrefix("--"), argument.count > 2, argument.dropFirst(2).first == "=" {
            name = String(argument.prefix(2))
            inline = String(argument.dropFirst(3))
        }
        for setting in settings {
            if let short = setting.short, name == "-\(short)" { return Match(setting: setting, negated: false, inline: inline) }
            if let flag = setting.flag, name == "--\(flag)" { return Match(setting: setting, negated: false, inline: inline) }
            if let negation = setting.negation, name == "--\(negation)" { return Match(setting: setting, negated: true, inline: inline) }
        }
        return nil
    }

    /// Takes `arguments` (without the program name) apart. Throws a usage failure when the first
    /// word is no command, or a setting flag lacks its value or has a value it cannot take.
    public func arrange(_ arguments: [String]) throws(CommandFailure) -> Arranged {
        // 1. The command name: the first word that is not an option or an option's value.
        var index = 0
        var commandIndex: Int?
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" || argument == "-" { break }
            if !argument.hasPrefix("-") {
                guard commands.contains(argument) else { throw unknownCommand(argument) }
                commandIndex = index
                break
            }
            if let m = match(argument, among: settings) {
                index += (m.setting.isBoolean || m.inline != nil) ? 1 : 2
            } else if leadingFlags.contains(argument) {
                index += 1
            } else {
                break // --help, --version, an unknown option: the parser decides
            }
        }
        let command = commandIndex.map { arguments[$0] }
        let groups = command == "help" ? [] : settingGroups[command ?? defaultCommand ?? ""] ?? []
        let taken = settings.filter { groups.contains($0.group) && !$0.flagSpellings.isEmpty }

        // 2. Take out the flags of the settings this command takes, up to `--`.
        var values: [String: String] = [:]
        var before: [String] = [], after: [String] = []
        index = 0
        var terminated = false
        while index < arguments.count {
            let argument = arguments[index]
            if index == commandIndex { index += 1; continue }
            if terminated || argument == "--" {
                terminated = true
                if let commandIndex, index < commandIndex { before.append(argument) } else { after.append(argument) }
                index += 1
                continue
            }
            guard let m = match(argument, among: taken) else {
                if let commandIndex, index < commandIndex { before.append(argument) } else { after.append(argument) }
                index += 1
                continue
            }
            let spelled = m.inline == nil ? argument : String(argument.prefix { $0 != "=" })
            if m.setting.isBoolean {
                if m.negated {
                    guard m.inline == nil else { throw CommandFailure(.usage, "\(spelled) takes no value") }
                    values[m.setting.key] = "false"
                } else {
                    values[m.setting.key] = m.inline ?? "true"
                }
                index += 1
            } else if let inline = m.inline {
                values[m.setting.key] = inline
                index += 1
            } else {
                guard index + 1 < arguments.count, arguments[index + 1] != "--" else {
                    throw CommandFailure(.usage, "\(spelled) needs a value (\(spelled) <\(m.setting.valueName ?? "value")>)")
                }
                values[m.setting.key] = arguments[index + 1]
                index += 2
            }
        }
        let parsed = command.map { [$0] + before + after } ?? before + after
        let optionsEnd = parsed.firstIndex(of: "--") ?? parsed.count
        let wantsHelp = command == "help" || parsed[..<optionsEnd].contains { $0 == "--help" || $0 == "-h" }
        return Arranged(arguments: parsed, settings: values, command: command, wantsHelp: wantsHelp)
    }

    /// The failure for a word that is no command: `unknown command "gte" for "poddeck"; did you mean "get"?`.
    func unknownCommand(_ word: String) -> CommandFailure {
        let hint = nearest(to: word).map { "; did you mean \"\($0)\"?" } ?? ""
        return CommandFailure(.usage, [
            "unknown command \"\(Sanitize.line(word))\" for \"\(program)\"\(hint)",
            "run `\(program) --help` for the list of commands",
        ])
    }

    /// The command closest to `word`: one it starts, or one at most two edits away (a swap of
    /// neighbours counts as one), and nearer than the word is long.
    public func nearest(to word: String) -> String? {
        if word.count >= 2, let prefixed = commands.first(where: { $0.hasPrefix(word) }) { return prefixed }
        let scored = commands.map { (name: $0, distance: Self.editDistance(word, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
              best.distance <= 2, best.distance < word.count else { return nil }
        return best.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbouring characters each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[s.count][t.count]
    }
}

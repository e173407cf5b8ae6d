import Ops

/// Puts a command line typed the kubectl/etcdctl way into the order the parser reads.
///
/// `poddeck --endpoints URL get pods -A` and `poddeck -n shop get pods` give options before
/// the command name; they are moved right after it (`get --endpoints URL pods -A`). A word in
/// the command's place that is no command is refused with the nearest command name, instead of
/// being read as an argument of the default command.
public struct CommandLineOrder: Sendable {
    /// The command names (including `help`), in the order suggestions prefer.
    public var commands: [String]
    /// Options that take a value (`--endpoints`, `-n`), accepted as `--name value`, `--name=value` or `-n value`.
    public var valueOptions: Set<String>
    /// Options without a value (`-A`, `--readonly`).
    public var flags: Set<String>
    /// The program name, for messages.
    public var program: String

    /// Creates the rules for one program.
    public init(program: String, commands: [String], valueOptions: Set<String>, flags: Set<String>) {
        self.program = program
        self.commands = commands
        self.valueOptions = valueOptions
        self.flags = flags
    }

    /// `arguments` (without the program name) with the known options that come before the
    /// command name moved after it. Anything else (no command, `--help`, an unknown option,
    /// `--`) is left to the parser as it is. Throws a usage failure when the first word is no
    /// command.
    public func arrange(_ arguments: [String]) throws(CommandFailure) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "-", argument != "--" else { break }
            if flags.contains(argument) {
                leading.append(argument)
                index += 1
            } else if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="),
                      valueOptions.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if valueOptions.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                return arguments
            }
        }
        guard index < arguments.count, arguments[index] != "--" else { return arguments }
        let word = arguments[index]
        guard commands.contains(word) else { throw unknownCommand(word) }
        return [word] + leading + arguments[(index + 1)...]
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

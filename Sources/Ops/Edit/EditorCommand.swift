import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The operator's editor: `$KUBE_EDITOR`, `$VISUAL` or `$EDITOR` (the first one set), else `vi`,
/// split into words as a POSIX shell would, without expansions.
public struct EditorCommand: Sendable, Hashable, CustomStringConvertible {
    /// The program and its arguments; the file to edit is appended when it runs.
    public var arguments: [String]
    /// The environment variable it came from, or nil for the default `vi`.
    public var variable: String?

    /// The variables consulted, in order.
    public static let variables = ["KUBE_EDITOR", "VISUAL", "EDITOR"]

    /// Creates a command from words.
    public init(arguments: [String], variable: String? = nil) {
        self.arguments = arguments
        self.variable = variable
    }

    /// The first of ``variables`` that holds a command, else `vi`.
    ///
    /// A variable holding only blanks is skipped; one that cannot be split (an unterminated
    /// quote) is an error that names it.
    public static func resolve(environment: [String: String]) throws(EditorCommandError) -> EditorCommand {
        for variable in variables {
            guard let text = environment[variable] else { continue }
            let words: [String]
            do { words = try split(text) } catch {
                throw EditorCommandError(variable: variable, value: text, problem: error.problem)
            }
            guard let program = words.first, !program.isEmpty else { continue }
            return EditorCommand(arguments: words, variable: variable)
        }
        return EditorCommand(arguments: ["vi"], variable: nil)
    }

    /// Splits `text` into words the way `sh` does before running a command: blanks separate
    /// words; single quotes keep everything literally; double quotes keep everything except
    /// that a backslash escapes `$`, `` ` ``, `"`, `\` and a line break; an unquoted backslash
    /// escapes the next character (a backslash-newline disappears). `''` is an empty word.
    /// Nothing is expanded: `$HOME`, `~` and `*` stay as written.
    public static func split(_ text: String) throws(EditorCommandError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "\\":
                guard let next = iterator.next() else {
                    throw EditorCommandError(problem: "it ends with a lone backslash")
                }
                if next != "\n" {
                    word.append(next)
                    inWord = true
                }
            case "'":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "'" { closed = true; break }
                    word.append(q)
                }
                guard closed else { throw EditorCommandError(problem: "a single quote is not closed") }
            case "\"":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "\"" { closed = true; break }
                    if q == "\\" {
                        guard let next = iterator.next() else { break }
                        switch next {
                        case "$", "`", "\"", "\\": word.append(next)
                        case "\n": break
                        default: word.append("\\"); word.append(next)
                        }
                        continue
                    }
                    word.append(q)
                }
                guard closed else { throw EditorCommandError(problem: "a double quote is not closed") }
            default:
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The command as the operator would type it (words quoted when needed).
    public var description: String {
        arguments.map(Self.quoted).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs the editor on `file` with this process's terminal (stdin, stdout and stderr are
    /// inherited) and waits for it on a thread of its own.
    ///
    /// While it runs, SIGINT and SIGQUIT are ignored here, as `system(3)` does, so a Ctrl-C
    /// meant for the editor does not end PodDeck; the editor starts with default dispositions
    /// and an empty signal mask.
    public func run(file: String) async -> EditorExit {
        guard let program = arguments.first, !program.isEmpty else { return .notStarted("no editor command") }
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Self.spawnAndWait(arguments + [file]))
            }
            thread.start()
        }
    }

    private static func spawnAndWait(_ argv: [String]) -> EditorExit {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        var oldInt = sigaction(), oldQuit = sigaction()
        sigaction(SIGINT, &ignore, &oldInt)
        sigaction(SIGQUIT, &ignore, &oldQuit)
        defer {
            sigaction(SIGINT, &oldInt, nil)
            sigaction(SIGQUIT, &oldQuit, nil)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var pid: pid_t = 0
        let pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in pointers { free(p) } }
        let rc = pointers.withUnsafeBufferPointer { buffer in
            posix_spawnp(&pid, argv[0], nil, &attributes, buffer.baseAddress!, environ)
        }
        guard rc == 0 else {
            let reason = rc == ENOENT ? "not found on PATH" : String(cString: strerror(rc))
            return .notStarted("\(argv[0]): \(reason)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .notStarted("waiting for \(argv[0]) failed: \(String(cString: strerror(errno)))") }
        }
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(signal)
    }
}

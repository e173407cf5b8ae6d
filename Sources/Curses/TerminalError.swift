/// Why the dashboard could not take over the terminal; `description` says what to do.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `TERM` is unset or empty.
    case termNotSet
    /// `TERM=dumb`.
    case dumbTerminal
    /// `TERM` names a terminal terminfo does not know.
    case unknownTerminal(String)
    /// No terminfo database was found at all.
    case noTerminfoDatabase(String)
    /// The controlling terminal could not be opened.
    case noTerminal(path: String, reason: String)
    /// ncurses refused to start.
    case startFailed(String)

    /// A message for the operator naming the problem and the way out.
    public var description: String {
        switch self {
        case .termNotSet:
            return "TERM is not set, so the dashboard cannot drive this terminal; set TERM=xterm-256color or use the headless commands"
        case .dumbTerminal:
            return "TERM=dumb cannot be used for the dashboard; set TERM=xterm-256color or use the headless commands"
        case .unknownTerminal(let name):
            return "TERM=\(name) is not in the terminfo database; install its entry (Debian: ncurses-term), set TERM=xterm-256color, or use the headless commands"
        case .noTerminfoDatabase(let name):
            return "no terminfo database found for TERM=\(name); install ncurses-base or set TERMINFO, or use the headless commands"
        case .noTerminal(let path, let reason):
            return "cannot open \(path) (\(reason)): the dashboard needs an interactive terminal; use the headless commands"
        case .startFailed(let reason):
            return "the terminal could not be initialised: \(reason); use the headless commands"
        }
    }
}

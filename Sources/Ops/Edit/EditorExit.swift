/// How the editor ended.
public enum EditorExit: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)
    /// It could not be started (the reason).
    case notStarted(String)

    /// Whether it exited with status 0.
    public var succeeded: Bool { self == .exited(0) }

    /// `exited with status 1`, `was ended by signal 9 (SIGKILL)`, `could not start: vi: not found`.
    public var description: String {
        switch self {
        case .exited(let status): return "exited with status \(status)"
        case .signalled(let signal):
            let name = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 13: "SIGPIPE", 15: "SIGTERM"][signal]
            return "was ended by signal \(signal)" + (name.map { " (\($0))" } ?? "")
        case .notStarted(let reason): return "could not start: \(reason)"
        }
    }
}

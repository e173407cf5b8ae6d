/// Exit codes of the headless commands.
public enum ExitStatus: Int32, Sendable {
    /// Success.
    case ok = 0
    /// A runtime error (etcd unreachable, I/O, refused by --readonly).
    case runtime = 1
    /// Bad usage (flags, arguments).
    case usage = 2
    /// The object is invalid (parse or validation errors).
    case invalid = 3
    /// A conflict: nothing was written.
    case conflict = 4
    /// The pod does not exist.
    case notFound = 5
    /// A probe failed.
    case probeFailed = 6
}

/// A command failure: the exit status and the lines to print on stderr.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// The exit status.
    public var status: ExitStatus
    /// One clear line per problem.
    public var lines: [String]

    /// Creates a failure.
    public init(_ status: ExitStatus, _ lines: [String]) {
        self.status = status
        self.lines = lines
    }

    /// Creates a failure with one line.
    public init(_ status: ExitStatus, _ line: String) { self.init(status, [line]) }

    /// The lines joined.
    public var description: String { lines.joined(separator: "\n") }
}

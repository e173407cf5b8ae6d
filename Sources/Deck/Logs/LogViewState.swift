import Foundation
import Ops

/// The logs view of one container: the ring of lines, where the view is, and how it shows them.
public struct LogViewState: Sendable, Equatable {
    /// The runtime's stream for this view (messages of other streams are ignored).
    public var session: Int
    /// The pod.
    public var pod: PodKey
    /// The container's name.
    public var container: String
    /// The last lines.
    public var ring: LogRing
    /// Whether the view follows new lines (false: paused, position kept).
    public var following = true
    /// The sequence number of the first line shown while paused.
    public var top = 0
    /// Show each line's time stamp.
    public var timestamps = false
    /// Wrap long lines.
    public var wrap = false
    /// Columns scrolled to the right (wrap off).
    public var left = 0
    /// The search, if any.
    public var query: String?
    /// The sequence number of the line holding the current match.
    public var match: Int?
    /// What the stream is doing.
    public var status: LogStreamStatus = .connecting
    /// Lines that arrived while paused (shown as "N new").
    public var unseen = 0

    /// A view that is connecting.
    public init(session: Int, pod: PodKey, container: String, capacity: Int) {
        self.session = session
        self.pod = pod
        self.container = container
        self.ring = LogRing(capacity: capacity)
    }
}

/// What a log stream is doing, as the view says it.
public enum LogStreamStatus: Sendable, Equatable {
    /// Asking the daemon.
    case connecting
    /// Following a running container (id shortened).
    case live(container: String)
    /// The container is not running: its last logs are shown, and a restart is waited for.
    case stopped(container: String, state: String)
    /// The stream could not be opened (refused, Docker unreachable): the reason.
    case failed(String)
}

/// What the logs and shell keys ask for: which container of which pod.
public enum ContainerPurpose: Sendable, Equatable {
    /// The logs view.
    case logs
    /// An interactive shell.
    case shell
}

/// Choosing a container of a multi-container pod.
public struct ContainerPicker: Sendable, Equatable {
    /// The pod.
    public var pod: PodKey
    /// What the choice is for.
    public var purpose: ContainerPurpose
    /// The containers' names (raw; shown sanitised).
    public var names: [String]
    /// The highlighted one.
    public var selected = 0
}

/// Settings the logs view needs in `update` (the ring's size).
public struct LogSettings: Sendable, Equatable {
    /// Lines kept per view (`logs.maxLines`).
    public var maxLines = 10_000

    /// Defaults.
    public init() {}

    /// From resolved settings.
    public init(_ settings: DeckSettings) {
        maxLines = settings.logsMaxLines
    }
}

/// Results of the container actions, for `update`.
public enum ContainerEvent: Sendable {
    /// The containers of a pod, read for a logs or shell key (error: why not).
    case resolved(PodKey, ContainerPurpose, names: [String], error: String?)
    /// New lines of stream `session`; `skipped` lines went by unkept (older than the window).
    case lines(session: Int, [LogEntry], skipped: Int)
    /// Stream `session` changed state.
    case status(session: Int, LogStreamStatus)
    /// The save of a view finished (path, or why not).
    case saved(path: String?, error: String?)
    /// A shell ended; what to say.
    case shellEnded(String, isError: Bool)
}

/// Container actions `update` asks the runtime for.
public enum ContainerRequest: Sendable, Equatable {
    /// Read the pod's containers for a logs or shell key.
    case resolve(PodKey, ContainerPurpose)
    /// Start stream `session` of a container's logs.
    case startLogs(session: Int, pod: PodKey, container: String)
    /// Stop stream `session`.
    case stopLogs(session: Int)
    /// The last lines of stream `session` are in the state: send more.
    case ackLogs(session: Int)
    /// Save these lines to a new file.
    case saveLogs(pod: PodKey, container: String, lines: [String])
    /// Open a shell in the container.
    case shell(pod: PodKey, container: String)
}

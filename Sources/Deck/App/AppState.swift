import Foundation
import Ops
import Screen

/// Everything the user sees is a function of this value.
public struct AppState: Sendable {
    /// Wall-clock time of the last tick (ages, freshness).
    public var now: Date
    /// Screen size.
    public var size: Size
    /// The screen showing.
    public var mode: Mode = .list
    /// A line being typed, if any.
    public var prompt: Prompt?
    /// All pods known, sorted and filtered.
    public var list = PodListModel()
    /// Namespace shown (nil = all namespaces).
    public var namespace: String?
    /// The context of the config file in use (nil: none, the top-level keys alone).
    public var context: String?
    /// The contexts as `:ctx` lists them.
    public var contexts: ContextListing?
    /// The number of the last `:ctx` listing.
    public var contextListings = 0
    /// Bumped on every namespace or context switch; syncs from an older generation are dropped.
    public var generation = 0
    /// Selected position in the visible rows.
    public var selected = 0
    /// First visible row.
    public var offset = 0
    /// The selected pod's key (keeps the selection on the same pod across syncs).
    public var selectedKey: PodKey?
    /// Pods marked for a bulk action (`space`, `Ctrl-Space`, `Ctrl-\\`).
    public var marks = PodMarks()
    /// Wide columns.
    public var wide = false
    /// etcd connection and freshness.
    public var connection = ConnectionStatus()
    /// The status line message.
    public var message: StatusMessage?
    /// The theme in use.
    public var theme: Theme
    /// Refuse writes.
    public var readonly: Bool
    /// Poll period (shown in the header).
    public var pollInterval: Duration
    /// The pod in the detail/YAML view.
    public var loaded: LoadedPod?
    /// Pane scroll and search (the pane's lines are drawn from the rest of the state).
    public var pane = PaneState()
    /// The mode to return to from help.
    public var modeBeforeHelp: Mode = .list
    /// Set when the app should exit.
    public var shouldQuit = false
    /// An edit waiting for Enter.
    public var review: ReviewState?
    /// A conflict waiting for a choice.
    public var conflict: ConflictState?
    /// A question over the screen.
    public var confirm: ConfirmState?
    /// The history view's data.
    public var history: HistoryState?
    /// What the engine is doing (editor open, saving…), shown in the status line.
    public var busy: String?
    /// Live probe results per pod.
    public var probes = ProbeBoard()
    /// Whether probes run at all (`--no-probes` turns them off).
    public var probesEnabled = true
    /// How many pods declare probes when that is more than `probes.maxPods` (none is probed then).
    public var probesOverLimit: Int?
    /// `probes.maxPods`, for the header.
    public var probeMaxPods = 0
    /// Whether probing is paused (`Ctrl-p`).
    public var probesPaused = false
    /// Wall-clock time of the probe scheduler's clock origin (to show transition times).
    public var probeEpoch = Date()
    /// Presence/pull state per normalised image reference.
    public var images: [String: ImageStatus] = [:]
    /// Whether the Docker daemon answers (nil: not known yet).
    public var docker: DockerAvailability?
    /// Pulling images as the kubelet would (`--auto-pull`): on or off, and what it did.
    public var autoPull = AutoPullState()
    /// Active and recent pulls, newest last.
    public var pulls: [PullID: PullSnapshot] = [:]
    /// When pull progress last arrived (recent pulls stay in the panel for a while).
    public var pullsActivity: Date?
    /// The logs view over the current screen, if open.
    public var logs: LogViewState?
    /// A container being chosen for logs or a shell.
    public var picker: ContainerPicker?
    /// The number of the last log stream started.
    public var logSessions = 0
    /// What the logs view needs from the settings.
    public var logSettings = LogSettings()

    /// Creates the initial state.
    public init(now: Date, size: Size, namespace: String?, theme: Theme, readonly: Bool, pollInterval: Duration) {
        self.now = now
        self.size = size
        self.namespace = namespace
        self.theme = theme
        self.readonly = readonly
        self.pollInterval = pollInterval
    }

    /// Rows of the table body at the current size (header 3 lines, table heading 1, status 1, hints 1).
    public var tableRows: Int { max(1, size.height - 6) }

    /// Lines of a text pane body.
    public var paneRows: Int { max(1, size.height - 4) }

    /// The key context of the current mode.
    var keyContext: KeyContext {
        if picker != nil { return .picker }
        if logs != nil { return .logs }
        switch mode {
        case .list: return .list
        case .review: return .review
        case .conflict: return .conflict
        case .history: return .history
        case .detail, .yaml, .help, .contexts: return .pane
        }
    }
}

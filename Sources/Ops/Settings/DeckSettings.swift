import Foundation

/// Every setting PodDeck reads, resolved from flags > environment > config file > defaults.
public struct DeckSettings: Sendable, Equatable {
    // etcd
    /// etcd client URLs.
    public var endpoints: [String] = ["http://127.0.0.1:2379"]
    /// Connection deadline per endpoint.
    public var dialTimeout: Duration = .seconds(2)
    /// Deadline of one etcd call, retries included.
    public var timeout: Duration = .seconds(5)
    /// CA bundle for etcd TLS.
    public var cacert: String?
    /// Client certificate for etcd mTLS.
    public var cert: String?
    /// Client key for etcd mTLS.
    public var key: String?
    /// Skip etcd server certificate verification.
    public var insecureSkipTLSVerify = false
    /// etcd user (`name` or `name:password`).
    public var user: String?
    /// File holding the etcd password (first line).
    public var passwordFile: String?
    /// Key prefix of the registry (pods live under `<prefix>/pods/`).
    public var prefix = "/registry"
    /// Keys per page when listing.
    public var pageSize = 1000
    // dashboard
    /// How often the pod list is refreshed.
    public var pollInterval: Duration = .seconds(2)
    /// Namespace shown (nil = `default`).
    public var namespace: String?
    /// Show every namespace.
    public var allNamespaces = false
    /// Theme name.
    public var theme = "default"
    /// Refuse every write.
    public var readonly = false
    /// Enable mouse support.
    public var mouse = false
    /// Use an etcd watch between polls for instant updates.
    public var watch = true
    /// Show a diff and ask before saving an edit.
    public var editConfirm = true
    // docker
    /// Docker host (`unix:///var/run/docker.sock`, `tcp://…`).
    public var dockerHost: String?
    /// Concurrent pulls.
    public var maxParallelPulls = 3
    /// No progress for this long marks a pull stalled, then cancels it.
    public var pullStallTimeout: Duration = .seconds(60)
    /// Pull missing images as the kubelet would.
    public var autoPull = false
    // probes
    /// Run probes.
    public var probes = true
    /// Override every probe's period.
    public var probeInterval: Duration?
    /// Override every probe's timeout.
    public var probeTimeout: Duration?
    /// Probes in flight at once.
    public var maxConcurrentProbes = 256
    /// Run exec probes (commands inside containers) in the dashboard.
    public var execProbes = false
    /// Hosts, IPs and CIDR ranges HTTP/TCP probes may reach besides the pod IP.
    public var probeAllowHosts: [String] = []
    // logs and shell
    /// Lines the logs view keeps per container (a ring: older lines drop out).
    public var logsMaxLines = 10_000
    /// Lines of history the logs view starts with (nil: as many as it keeps, `logsMaxLines`;
    /// -1: all the daemon has).
    public var logsTail: Int?
    /// The logs view starts with lines newer than this (nil: no limit).
    public var logsSince: Duration?
    /// What `s` runs in a container, split on spaces (`sh` by default).
    public var shellCommand = ["sh"]
    /// With a healthy watch, a full key listing still runs this often (0: never).
    public var resyncInterval: Duration = .seconds(600)

    /// Defaults.
    public init() {}

    /// The namespace to use when none is given.
    public var effectiveNamespace: String { namespace ?? "default" }
}

/// A setting that could not be used: which, from where, and why.
public struct SettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message, naming the source (flag, variable, or file:line) and the key.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Where a value came from, for error messages.
public enum SettingSource: Sendable, Equatable {
    /// A command-line flag.
    case flag(String)
    /// An environment variable.
    case environment(String)
    /// A config file line.
    case file(path: String, line: Int)

    var label: String {
        switch self {
        case .flag(let f): return "flag --\(f)"
        case .environment(let e): return "environment variable \(e)"
        case .file(let path, let line): return "\(path):\(line)"
        }
    }
}

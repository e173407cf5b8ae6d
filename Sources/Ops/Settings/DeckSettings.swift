import Foundation

/// Every setting PodDeck reads, resolved from flags > environment > context > config file > defaults.
///
/// The defaults are declared with the settings (``SettingKey/defaultValue``) and applied by
/// ``init()``; the values written below are only what a setting without a default starts from.
public struct DeckSettings: Sendable, Equatable {
    // where settings come from
    /// The config file named by `--config` or `PODDECK_CONFIG` (nil: the default path).
    public var configPath: String?
    /// The context of the config file in use (nil: the top-level keys alone).
    public var context: String?
    // etcd
    /// etcd client URLs.
    public var endpoints: [String] = []
    /// Connection deadline per endpoint.
    public var dialTimeout: Duration = .zero
    /// Deadline of one etcd call, retries included.
    public var timeout: Duration = .zero
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
    public var prefix = ""
    /// Keys per page when listing.
    public var pageSize = 0
    /// Diagnostics level on stderr (`error`, `warning`, `info`, `debug`).
    public var logLevel = ""
    // dashboard
    /// How often the pod list is refreshed.
    public var pollInterval: Duration = .zero
    /// Namespace shown, and of pod names given without one.
    public var namespace = ""
    /// Show every namespace.
    public var allNamespaces = false
    /// Theme name.
    public var theme = ""
    /// Refuse every write.
    public var readonly = false
    /// Enable mouse support.
    public var mouse = false
    /// Use an etcd watch between polls for instant updates.
    public var watch = false
    /// Show a diff and ask before saving an edit.
    public var editConfirm = false
    // docker
    /// Docker host (`unix:///var/run/docker.sock`, `tcp://…`).
    public var dockerHost: String?
    /// Concurrent pulls.
    public var maxParallelPulls = 0
    /// No progress for this long marks a pull stalled, then cancels it.
    public var pullStallTimeout: Duration = .zero
    /// Pull missing images as the kubelet would.
    public var autoPull = false
    // probes
    /// Run probes.
    public var probes = false
    /// Override every probe's period.
    public var probeInterval: Duration?
    /// Override every probe's timeout.
    public var probeTimeout: Duration?
    /// Probes in flight at once.
    public var maxConcurrentProbes = 0
    /// The most pods the dashboard probes: with more pods declaring probes, none is probed.
    public var probeMaxPods = 0
    /// Run exec probes (commands inside containers) in the dashboard.
    public var execProbes = false
    /// Hosts, IPs and CIDR ranges HTTP/TCP probes may reach besides the pod IP.
    public var probeAllowHosts: [String] = []
    // logs and shell
    /// Lines the logs view keeps per container (a ring: older lines drop out).
    public var logsMaxLines = 0
    /// Lines of history the logs view starts with (nil: as many as it keeps, `logsMaxLines`;
    /// -1: all the daemon has).
    public var logsTail: Int?
    /// The logs view starts with lines newer than this (nil: no limit).
    public var logsSince: Duration?
    /// What `s` runs in a container, split on spaces.
    public var shellCommand: [String] = []
    /// With a healthy watch, a full key listing still runs this often (0: never).
    public var resyncInterval: Duration = .zero

    /// The defaults of every setting.
    public init() { self = Self.defaults }

    private init(unset: Void) {}

    private static let defaults: DeckSettings = {
        var settings = DeckSettings(unset: ())
        for spec in SettingKey.all {
            guard let value = spec.defaultValue else { continue }
            if let problem = spec.apply(&settings, value) {
                preconditionFailure("the default of \(spec.key), \(value), is refused: \(problem)")
            }
        }
        return settings
    }()

    /// The namespace to use when none is given.
    public var effectiveNamespace: String { namespace }
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

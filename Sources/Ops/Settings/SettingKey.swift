import Foundation

/// Which commands take a setting's flag (each command names the groups it takes).
public enum SettingGroup: String, Sendable, CaseIterable {
    /// Where settings come from: the config file and the context.
    case source
    /// etcd and Docker connections, read-only, diagnostics: every command that talks to etcd.
    case connection
    /// The namespace: commands that show or name pods.
    case namespace
    /// The dashboard alone.
    case dashboard
    /// Probe runs: the dashboard and `probe`.
    case probes
    /// Image pulls: the dashboard and `pull`.
    case pulls
}

/// Where the config file may set a key.
public enum ConfigPlacement: Sendable, Equatable {
    /// At the top level and in every context.
    case anywhere
    /// At the top level only (`currentContext`).
    case topLevel
    /// Not in the config file (`--config` names the file itself).
    case nowhere
}

/// One configurable setting, declared once: its config-file key, flag, environment variables,
/// default, help, and how a text value is applied. The global flags are parsed from these
/// (``CommandLineOrder``), and `--help`, the README table and the defaults of ``DeckSettings``
/// come from them.
public struct SettingKey: Sendable {
    /// The config-file key (dotted for nested keys, e.g. `edit.confirm`).
    public let key: String
    /// The long flag name without dashes; for a boolean, the flag that turns it on.
    public let flag: String?
    /// A one-letter flag (`-n`).
    public let short: Character?
    /// For a boolean: the flag that turns it off (`no-probes`).
    public let negation: String?
    /// Environment variables consulted, first match wins.
    public let environment: [String]
    /// What the value looks like in `--help` (`time`, `file`); nil for a boolean, whose flags take none.
    public let valueName: String?
    /// The default, as an operator would type it (nil: unset, or described by `help`).
    public let defaultValue: String?
    /// One line for the README and `--help`, without the default.
    public let help: String
    /// Which commands take the flag.
    public let group: SettingGroup
    /// Where the config file may set it.
    public let placement: ConfigPlacement
    let apply: @Sendable (inout DeckSettings, String) -> String?

    init(_ key: String, flag: String? = nil, short: Character? = nil, negation: String? = nil, env: [String] = [],
         value: String?, default defaultValue: String? = nil, group: SettingGroup, placement: ConfigPlacement = .anywhere,
         help: String, apply: @escaping @Sendable (inout DeckSettings, String) -> String?) {
        self.key = key
        self.flag = flag
        self.short = short
        self.negation = negation
        self.environment = env
        self.valueName = value
        self.defaultValue = defaultValue
        self.help = help
        self.group = group
        self.placement = placement
        self.apply = apply
    }

    /// Whether the flags take no value (a boolean).
    public var isBoolean: Bool { valueName == nil }

    /// Every setting, in README order.
    public static let all: [SettingKey] = [
        SettingKey("config", flag: "config", env: ["PODDECK_CONFIG"], value: "file", group: .source, placement: .nowhere,
                   help: "the config file to read instead of $XDG_CONFIG_HOME/poddeck/config.yaml (~/.config/poddeck/config.yaml)") { s, v in
            s.configPath = v; return nil
        },
        SettingKey("currentContext", flag: "context", env: ["PODDECK_CONTEXT"], value: "name", group: .source, placement: .topLevel,
                   help: "the context of the config file to use: its `contexts.NAME` keys apply over the top-level ones") { s, v in
            guard !v.isEmpty else { return "expected a context name" }
            s.context = v
            return nil
        },
        SettingKey("endpoints", flag: "endpoints", env: ["ETCDCTL_ENDPOINTS"], value: "urls", default: "http://127.0.0.1:2379",
                   group: .connection, help: "etcd client URLs, comma-separated") { s, v in
            let list = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { return "expected one or more URLs such as http://127.0.0.1:2379" }
            s.endpoints = list
            return nil
        },
        SettingKey("dialTimeout", flag: "dial-timeout", env: ["ETCDCTL_DIAL_TIMEOUT"], value: "time", default: "2s",
                   group: .connection, help: "connect deadline per etcd endpoint") { s, v in
            duration(v) { s.dialTimeout = $0 }
        },
        SettingKey("timeout", flag: "timeout", env: ["ETCDCTL_COMMAND_TIMEOUT"], value: "time", default: "5s",
                   group: .connection, help: "deadline of one etcd call including retries") { s, v in
            duration(v) { s.timeout = $0 }
        },
        SettingKey("cacert", flag: "cacert", env: ["ETCDCTL_CACERT"], value: "file", group: .connection,
                   help: "CA bundle (PEM) that signs the etcd server certificates") { s, v in
            s.cacert = v; return nil
        },
        SettingKey("cert", flag: "cert", env: ["ETCDCTL_CERT"], value: "file", group: .connection,
                   help: "client certificate (PEM) for etcd mutual TLS") { s, v in
            s.cert = v; return nil
        },
        SettingKey("key", flag: "key", env: ["ETCDCTL_KEY"], value: "file", group: .connection,
                   help: "client private key (PEM) for etcd mutual TLS") { s, v in
            s.key = v; return nil
        },
        SettingKey("insecureSkipTLSVerify", flag: "insecure-skip-tls-verify", env: ["ETCDCTL_INSECURE_SKIP_TLS_VERIFY"], value: nil,
                   default: "false", group: .connection,
                   help: "do not verify the etcd server certificate (dangerous; prints a warning)") { s, v in
            bool(v) { s.insecureSkipTLSVerify = $0 }
        },
        SettingKey("user", flag: "user", env: ["ETCDCTL_USER"], value: "name", group: .connection,
                   help: "etcd user, `name` (password from --password-file, ETCDCTL_PASSWORD or a prompt) or `name:password`") { s, v in
            s.user = v; return nil
        },
        SettingKey("passwordFile", flag: "password-file", env: ["PODDECK_PASSWORD_FILE"], value: "file", group: .connection,
                   help: "file whose first line is the etcd password") { s, v in
            s.passwordFile = v; return nil
        },
        SettingKey("prefix", flag: "prefix", env: ["PODDECK_PREFIX"], value: "prefix", default: "/registry", group: .connection,
                   help: "registry key prefix; pods live under PREFIX/pods/") { s, v in
            guard v.hasPrefix("/") else { return "must start with /" }
            s.prefix = v.count > 1 && v.hasSuffix("/") ? String(v.dropLast()) : v
            return nil
        },
        SettingKey("pageSize", flag: "page-size", env: ["PODDECK_PAGE_SIZE"], value: "n", default: "1000", group: .connection,
                   help: "keys per page when listing") { s, v in
            positive(v) { s.pageSize = $0 }
        },
        SettingKey("dockerHost", flag: "docker-host", env: ["DOCKER_HOST"], value: "host", group: .connection,
                   help: "Docker Engine, e.g. tcp://host:2376; unset, unix:///var/run/docker.sock") { s, v in
            s.dockerHost = v; return nil
        },
        SettingKey("readonly", flag: "readonly", env: ["PODDECK_READONLY"], value: nil, default: "false", group: .connection,
                   help: "refuse every write (edit, patch, apply, create, delete, rollback, seed)") { s, v in
            bool(v) { s.readonly = $0 }
        },
        SettingKey("logLevel", flag: "log-level", env: ["PODDECK_LOG_LEVEL"], value: "level", default: "error", group: .connection,
                   help: "diagnostics on stderr: error, warning, info, debug (the dashboard shows none below error)") { s, v in
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(v.lowercased()) else { return "expected one of \(levels.joined(separator: ", "))" }
            s.logLevel = v.lowercased()
            return nil
        },
        SettingKey("namespace", flag: "namespace", short: "n", env: ["PODDECK_NAMESPACE"], value: "ns", default: "default",
                   group: .namespace, help: "namespace to show, and of a pod NAME given without NAMESPACE/") { s, v in
            guard !v.isEmpty else { return "expected a namespace" }
            s.namespace = v
            return nil
        },
        SettingKey("allNamespaces", flag: "all-namespaces", short: "A", value: nil, default: "false", group: .dashboard,
                   help: "show pods of every namespace") { s, v in
            bool(v) { s.allNamespaces = $0 }
        },
        SettingKey("pollInterval", flag: "poll-interval", env: ["PODDECK_POLL_INTERVAL"], value: "time", default: "2s",
                   group: .dashboard,
                   help: "how often the list is re-read from etcd (500ms, 2s, 1m): a key listing without a watch, one single-key read with a healthy one") { s, v in
            duration(v, minimum: .milliseconds(100)) { s.pollInterval = $0 }
        },
        SettingKey("resyncInterval", flag: "resync-interval", value: "time", default: "10m", group: .dashboard,
                   help: "with a healthy watch, how often the dashboard still lists every key (0: never)") { s, v in
            if v == "0" {
                s.resyncInterval = .zero
                return nil
            }
            return duration(v, minimum: .seconds(1)) { s.resyncInterval = $0 }
        },
        SettingKey("theme", flag: "theme", env: ["PODDECK_THEME"], value: "name", default: "default", group: .dashboard,
                   help: "colour theme: default, light, solarized-dark, high-contrast, mono, a file in $XDG_CONFIG_HOME/poddeck/themes/, or a path") { s, v in
            s.theme = v; return nil
        },
        SettingKey("mouse", flag: "mouse", value: nil, default: "false", group: .dashboard,
                   help: "enable the mouse: click selects, wheel scrolls") { s, v in
            bool(v) { s.mouse = $0 }
        },
        SettingKey("watch", negation: "no-watch", value: nil, default: "true", group: .dashboard,
                   help: "follow an etcd watch between polls for instant updates") { s, v in
            bool(v) { s.watch = $0 }
        },
        SettingKey("edit.confirm", value: nil, default: "true", group: .dashboard,
                   help: "show the diff and ask before saving an edit in the dashboard") { s, v in
            bool(v) { s.editConfirm = $0 }
        },
        SettingKey("maxParallelPulls", flag: "max-parallel-pulls", value: "n", default: "3", group: .pulls,
                   help: "image pulls at once") { s, v in
            positive(v) { s.maxParallelPulls = $0 }
        },
        SettingKey("pullStallTimeout", flag: "pull-stall-timeout", value: "time", default: "60s", group: .pulls,
                   help: "a pull with no progress for this long is marked stalled and cancelled") { s, v in
            duration(v, minimum: .seconds(1)) { s.pullStallTimeout = $0 }
        },
        SettingKey("autoPull", flag: "auto-pull", value: nil, default: "false", group: .dashboard,
                   help: "pull missing images as the kubelet would, per imagePullPolicy") { s, v in
            bool(v) { s.autoPull = $0 }
        },
        SettingKey("probes", negation: "no-probes", env: ["PODDECK_PROBES"], value: nil, default: "true", group: .dashboard,
                   help: "run liveness/readiness/startup probes; also `probes.enabled`") { s, v in
            bool(v) { s.probes = $0 }
        },
        SettingKey("probes.enabled", value: nil, group: .dashboard,
                   help: "the same as `probes`, for a config file that also sets `probes.exec` or `probes.allowHosts`") { s, v in
            bool(v) { s.probes = $0 }
        },
        SettingKey("probes.exec", flag: "exec-probes", value: nil, default: "false", group: .dashboard,
                   help: "run exec probes (commands inside the pods' containers) in the dashboard") { s, v in
            bool(v) { s.execProbes = $0 }
        },
        SettingKey("probes.allowHosts", flag: "probe-allow-hosts", value: "hosts", group: .probes,
                   help: "hosts, IPs and CIDR ranges probes may reach besides the pod IP, comma-separated (link-local and metadata addresses need it too)") { s, v in
            s.probeAllowHosts = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return nil
        },
        SettingKey("probeInterval", flag: "probe-interval", value: "time", group: .dashboard,
                   help: "override every probe's periodSeconds") { s, v in
            duration(v, minimum: .milliseconds(100)) { s.probeInterval = $0 }
        },
        SettingKey("probeTimeout", flag: "probe-timeout", value: "time", group: .probes,
                   help: "override every probe's timeoutSeconds") { s, v in
            duration(v, minimum: .milliseconds(10)) { s.probeTimeout = $0 }
        },
        SettingKey("maxConcurrentProbes", flag: "max-concurrent-probes", value: "n", default: "256", group: .dashboard,
                   help: "probes in flight at once") { s, v in
            positive(v) { s.maxConcurrentProbes = $0 }
        },
        SettingKey("probes.maxPods", flag: "probe-max-pods", value: "n", default: "2000", group: .dashboard,
                   help: "pods the dashboard probes at most: with more pods declaring probes in view, no probe runs (pick a namespace with -n or :ns)") { s, v in
            positive(v) { s.probeMaxPods = $0 }
        },
        SettingKey("logs.maxLines", value: "n", default: "10000", group: .dashboard,
                   help: "lines the logs view keeps per container; older lines drop out") { s, v in
            guard let n = Int(v), n >= 100, n <= 10_000_000 else { return "expected a number from 100 to 10000000" }
            s.logsMaxLines = n
            return nil
        },
        SettingKey("logs.tail", value: "n", group: .dashboard,
                   help: "lines of history the logs view starts with (default: as many as logs.maxLines; all for everything)") { s, v in
            if v == "all" || v == "-1" {
                s.logsTail = -1
                return nil
            }
            guard let n = Int(v), n >= 0 else { return "expected a number of lines or all" }
            s.logsTail = n
            return nil
        },
        SettingKey("logs.since", value: "time", group: .dashboard,
                   help: "the logs view starts with lines newer than this, e.g. 1h (default: no limit; 0 for none)") { s, v in
            if v == "0" {
                s.logsSince = nil
                return nil
            }
            return duration(v, minimum: .seconds(1)) { s.logsSince = $0 }
        },
        SettingKey("shell.command", env: ["PODDECK_SHELL"], value: "command", default: "sh", group: .dashboard,
                   help: "what `s` runs in a container, split on spaces") { s, v in
            let words = v.split(separator: " ").map(String.init)
            guard !words.isEmpty else { return "expected a command such as sh or /bin/bash -l" }
            s.shellCommand = words
            return nil
        },
    ]

    /// Looks a setting up by config key.
    public static func named(_ key: String) -> SettingKey? { byKey[key] }

    private static let byKey: [String: SettingKey] = Dictionary(all.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

    /// The flags that set it, as typed (`-n`, `--namespace`, `--no-probes`).
    public var flagSpellings: [String] {
        var out: [String] = []
        if let short { out.append("-\(short)") }
        if let flag { out.append("--\(flag)") }
        if let negation { out.append("--\(negation)") }
        return out
    }

    /// How the default is shown in `--help` and the README (nil: nothing to show; a boolean that
    /// is off by default says nothing).
    public var shownDefault: String? {
        guard let defaultValue else { return nil }
        if isBoolean && defaultValue == "false" { return nil }
        return defaultValue
    }

    private static func duration(_ v: String, minimum: Duration = .milliseconds(1), _ set: (Duration) -> Void) -> String? {
        guard let d = DurationText.parse(v) else { return "expected a duration such as 500ms, 2s or 1m" }
        guard d >= minimum else { return "must be at least \(DurationText.format(minimum))" }
        set(d)
        return nil
    }

    private static func positive(_ v: String, _ set: (Int) -> Void) -> String? {
        guard let n = Int(v), n > 0 else { return "expected a positive number" }
        set(n)
        return nil
    }

    private static func bool(_ v: String, _ set: (Bool) -> Void) -> String? {
        switch v.lowercased() {
        case "true", "yes", "1", "on": set(true); return nil
        case "false", "no", "0", "off": set(false); return nil
        default: return "expected true or false"
        }
    }
}

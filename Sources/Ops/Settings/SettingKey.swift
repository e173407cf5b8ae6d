import Foundation

/// One configurable setting: its config-file key, flag, environment variables, and how a text
/// value is applied.
public struct SettingKey: Sendable {
    /// The config-file key (dotted for nested keys, e.g. `edit.confirm`).
    public let key: String
    /// The long flag name without dashes.
    public let flag: String?
    /// Environment variables consulted, first match wins.
    public let environment: [String]
    /// One line for the README and `--help`.
    public let help: String
    let apply: @Sendable (inout DeckSettings, String) -> String?

    init(_ key: String, flag: String? = nil, env: [String] = [], help: String,
         apply: @escaping @Sendable (inout DeckSettings, String) -> String?) {
        self.key = key
        self.flag = flag
        self.environment = env
        self.help = help
        self.apply = apply
    }

    /// Every setting, in README order.
    public static let all: [SettingKey] = [
        SettingKey("endpoints", flag: "endpoints", env: ["ETCDCTL_ENDPOINTS"], help: "etcd client URLs, comma-separated") { s, v in
            let list = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { return "expected one or more URLs such as http://127.0.0.1:2379" }
            s.endpoints = list
            return nil
        },
        SettingKey("dialTimeout", flag: "dial-timeout", env: ["ETCDCTL_DIAL_TIMEOUT"], help: "connect deadline per etcd endpoint (default 2s)") { s, v in
            duration(v) { s.dialTimeout = $0 }
        },
        SettingKey("timeout", flag: "timeout", env: ["ETCDCTL_COMMAND_TIMEOUT"], help: "deadline of one etcd call including retries (default 5s)") { s, v in
            duration(v) { s.timeout = $0 }
        },
        SettingKey("cacert", flag: "cacert", env: ["ETCDCTL_CACERT"], help: "CA bundle (PEM) that signs the etcd server certificates") { s, v in
            s.cacert = v; return nil
        },
        SettingKey("cert", flag: "cert", env: ["ETCDCTL_CERT"], help: "client certificate (PEM) for etcd mutual TLS") { s, v in
            s.cert = v; return nil
        },
        SettingKey("key", flag: "key", env: ["ETCDCTL_KEY"], help: "client private key (PEM) for etcd mutual TLS") { s, v in
            s.key = v; return nil
        },
        SettingKey("insecureSkipTLSVerify", flag: "insecure-skip-tls-verify", env: ["ETCDCTL_INSECURE_SKIP_TLS_VERIFY"],
                   help: "do not verify the etcd server certificate (dangerous; prints a warning)") { s, v in
            bool(v) { s.insecureSkipTLSVerify = $0 }
        },
        SettingKey("user", flag: "user", env: ["ETCDCTL_USER"], help: "etcd user, `name` (password from --password-file or a prompt) or `name:password`") { s, v in
            s.user = v; return nil
        },
        SettingKey("passwordFile", flag: "password-file", env: ["PODDECK_PASSWORD_FILE"], help: "file whose first line is the etcd password") { s, v in
            s.passwordFile = v; return nil
        },
        SettingKey("prefix", flag: "prefix", env: ["PODDECK_PREFIX"], help: "registry key prefix; pods live under PREFIX/pods/ (default /registry)") { s, v in
            guard v.hasPrefix("/") else { return "must start with /" }
            s.prefix = v.count > 1 && v.hasSuffix("/") ? String(v.dropLast()) : v
            return nil
        },
        SettingKey("pageSize", flag: "page-size", env: ["PODDECK_PAGE_SIZE"], help: "keys per page when listing (default 1000)") { s, v in
            guard let n = Int(v), n > 0 else { return "expected a positive number" }
            s.pageSize = n
            return nil
        },
        SettingKey("pollInterval", flag: "poll-interval", env: ["PODDECK_POLL_INTERVAL"], help: "how often the dashboard polls etcd (default 2s; 500ms, 2s, 1m): a key listing without a watch, one single-key read with a healthy one") { s, v in
            duration(v, minimum: .milliseconds(100)) { s.pollInterval = $0 }
        },
        SettingKey("resyncInterval", flag: "resync-interval", env: [], help: "with a healthy watch, how often the dashboard still lists every key (default 10m; 0 never)") { s, v in
            if v == "0" {
                s.resyncInterval = .zero
                return nil
            }
            return duration(v, minimum: .seconds(1)) { s.resyncInterval = $0 }
        },
        SettingKey("namespace", flag: "namespace", env: ["PODDECK_NAMESPACE"], help: "namespace to show (default `default`)") { s, v in
            s.namespace = v; return nil
        },
        SettingKey("allNamespaces", flag: "all-namespaces", env: [], help: "show pods of every namespace") { s, v in
            bool(v) { s.allNamespaces = $0 }
        },
        SettingKey("theme", flag: "theme", env: ["PODDECK_THEME"], help: "colour theme: a file in themes/ or $XDG_CONFIG_HOME/poddeck/themes/ (default `default`)") { s, v in
            s.theme = v; return nil
        },
        SettingKey("readonly", flag: "readonly", env: ["PODDECK_READONLY"], help: "refuse every write (edit, patch, apply, create, delete, rollback)") { s, v in
            bool(v) { s.readonly = $0 }
        },
        SettingKey("mouse", flag: "mouse", env: [], help: "enable the mouse: click selects, wheel scrolls") { s, v in
            bool(v) { s.mouse = $0 }
        },
        SettingKey("watch", flag: "watch", env: [], help: "follow an etcd watch between polls for instant updates (default true)") { s, v in
            bool(v) { s.watch = $0 }
        },
        SettingKey("edit.confirm", flag: nil, env: [], help: "show the diff and ask before saving an edit in the dashboard (default true)") { s, v in
            bool(v) { s.editConfirm = $0 }
        },
        SettingKey("dockerHost", flag: "docker-host", env: ["DOCKER_HOST"], help: "Docker Engine (default unix:///var/run/docker.sock)") { s, v in
            s.dockerHost = v; return nil
        },
        SettingKey("maxParallelPulls", flag: "max-parallel-pulls", env: [], help: "image pulls at once (default 3)") { s, v in
            guard let n = Int(v), n > 0 else { return "expected a positive number" }
            s.maxParallelPulls = n
            return nil
        },
        SettingKey("pullStallTimeout", flag: "pull-stall-timeout", env: [], help: "a pull with no progress for this long is marked stalled and cancelled (default 60s)") { s, v in
            duration(v, minimum: .seconds(1)) { s.pullStallTimeout = $0 }
        },
        SettingKey("autoPull", flag: "auto-pull", env: [], help: "pull missing images as the kubelet would, per imagePullPolicy") { s, v in
            bool(v) { s.autoPull = $0 }
        },
        SettingKey("probes", flag: nil, env: ["PODDECK_PROBES"], help: "run liveness/readiness/startup probes (default true; --no-probes); also `probes.enabled`") { s, v in
            bool(v) { s.probes = $0 }
        },
        SettingKey("probes.enabled", flag: nil, env: [], help: "the same as `probes`, for a config file that also sets `probes.exec` or `probes.allowHosts`") { s, v in
            bool(v) { s.probes = $0 }
        },
        SettingKey("probes.exec", flag: "exec-probes", env: [], help: "run exec probes (commands inside the pods' containers) in the dashboard (default false)") { s, v in
            bool(v) { s.execProbes = $0 }
        },
        SettingKey("probes.allowHosts", flag: "probe-allow-hosts", env: [], help: "hosts, IPs and CIDR ranges probes may reach besides the pod IP, comma-separated (link-local and metadata addresses need it too)") { s, v in
            s.probeAllowHosts = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return nil
        },
        SettingKey("probeInterval", flag: "probe-interval", env: [], help: "override every probe's periodSeconds") { s, v in
            duration(v, minimum: .milliseconds(100)) { s.probeInterval = $0 }
        },
        SettingKey("probeTimeout", flag: "probe-timeout", env: [], help: "override every probe's timeoutSeconds") { s, v in
            duration(v, minimum: .milliseconds(10)) { s.probeTimeout = $0 }
        },
        SettingKey("maxConcurrentProbes", flag: "max-concurrent-probes", env: [], help: "probes in flight at once (default 256)") { s, v in
            guard let n = Int(v), n > 0 else { return "expected a positive number" }
            s.maxConcurrentProbes = n
            return nil
        },
        SettingKey("logs.maxLines", flag: nil, env: [], help: "lines the logs view keeps per container; older lines drop out (default 10000)") { s, v in
            guard let n = Int(v), n >= 100, n <= 10_000_000 else { return "expected a number from 100 to 10000000" }
            s.logsMaxLines = n
            return nil
        },
        SettingKey("logs.tail", flag: nil, env: [], help: "lines of history the logs view starts with (default: as many as logs.maxLines; all for everything)") { s, v in
            if v == "all" || v == "-1" {
                s.logsTail = -1
                return nil
            }
            guard let n = Int(v), n >= 0 else { return "expected a number of lines or all" }
            s.logsTail = n
            return nil
        },
        SettingKey("logs.since", flag: nil, env: [], help: "the logs view starts with lines newer than this, e.g. 1h (default: no limit; 0 for none)") { s, v in
            if v == "0" {
                s.logsSince = nil
                return nil
            }
            return duration(v, minimum: .seconds(1)) { s.logsSince = $0 }
        },
        SettingKey("shell.command", flag: nil, env: ["PODDECK_SHELL"], help: "what `s` runs in a container, split on spaces (default sh)") { s, v in
            let words = v.split(separator: " ").map(String.init)
            guard !words.isEmpty else { return "expected a command such as sh or /bin/bash -l" }
            s.shellCommand = words
            return nil
        },
    ]

    /// Looks a setting up by config key.
    public static func named(_ key: String) -> SettingKey? { all.first { $0.key == key } }

    private static func duration(_ v: String, minimum: Duration = .milliseconds(1), _ set: (Duration) -> Void) -> String? {
        guard let d = DurationText.parse(v) else { return "expected a duration such as 500ms, 2s or 1m" }
        guard d >= minimum else { return "must be at least \(DurationText.format(minimum))" }
        set(d)
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

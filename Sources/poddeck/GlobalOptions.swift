import ArgumentParser
import CLI
import Deck
import Ops

/// Flags every command accepts: etcd connection, config file, logging, read-only.
struct GlobalOptions: ParsableArguments {
    @Option(help: "etcd client URLs, comma-separated (env ETCDCTL_ENDPOINTS; default http://127.0.0.1:2379).")
    var endpoints: String?
    @Option(name: .customLong("dial-timeout"), help: "Connect deadline per endpoint, e.g. 2s.")
    var dialTimeout: String?
    @Option(help: "Deadline of one etcd call including retries, e.g. 5s.")
    var timeout: String?
    @Option(help: "CA bundle (PEM) for etcd TLS (env ETCDCTL_CACERT).")
    var cacert: String?
    @Option(help: "Client certificate (PEM) for etcd mutual TLS (env ETCDCTL_CERT).")
    var cert: String?
    @Option(help: "Client key (PEM) for etcd mutual TLS (env ETCDCTL_KEY).")
    var key: String?
    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Do not verify etcd's certificate (dangerous).")
    var insecureSkipTLSVerify = false
    @Option(help: "etcd user: NAME (password from --password-file, ETCDCTL_PASSWORD or a prompt) or NAME:PASSWORD.")
    var user: String?
    @Option(name: .customLong("password-file"), help: "File whose first line is the etcd password.")
    var passwordFile: String?
    @Option(help: "Registry key prefix; pods live under PREFIX/pods/ (default /registry).")
    var prefix: String?
    @Option(name: .customLong("page-size"), help: "Keys per page when listing (default 1000).")
    var pageSize: Int?
    @Option(name: .customLong("docker-host"), help: "Docker Engine, e.g. unix:///var/run/docker.sock (env DOCKER_HOST).")
    var dockerHost: String?
    @Flag(help: "Refuse every write.")
    var readonly = false
    @Option(help: "Config file (default $XDG_CONFIG_HOME/poddeck/config.yaml).")
    var config: String?
    @Option(name: .customLong("log-level"), help: "Diagnostics on stderr: error, warning, info, debug.")
    var logLevel: String = "error"

    /// The flags given, keyed by config key.
    var flags: [String: String] {
        var f: [String: String] = [:]
        f["endpoints"] = endpoints
        f["dialTimeout"] = dialTimeout
        f["timeout"] = timeout
        f["cacert"] = cacert
        f["cert"] = cert
        f["key"] = key
        if insecureSkipTLSVerify { f["insecureSkipTLSVerify"] = "true" }
        f["user"] = user
        f["passwordFile"] = passwordFile
        f["prefix"] = prefix
        f["pageSize"] = pageSize.map(String.init)
        f["dockerHost"] = dockerHost
        if readonly { f["readonly"] = "true" }
        return f
    }

    /// Opens a headless session with these flags plus `extra`.
    func session(_ extra: [String: String] = [:]) throws -> HeadlessSession {
        Logging.bootstrap(level: logLevel)
        return try HeadlessSession.open(flags: flags.merging(extra) { _, new in new }, configPath: config)
    }

    /// Runs `body` in a headless session with these flags plus `extra`, closed however `body` ends.
    func withSession(_ extra: [String: String] = [:], _ body: (HeadlessSession) async throws -> Void) async throws {
        let session = try session(extra)
        do {
            try await body(session)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

extension GlobalOptions {
    /// Options a kubectl or etcdctl user puts before the command name (`poddeck --endpoints URL
    /// get pods`, `poddeck -n shop get pods`): every option above, the namespace, and the
    /// dashboard's own options; each is moved after the command name, whose parser decides.
    static let leadingValueOptions: Set<String> = [
        "--endpoints", "--dial-timeout", "--timeout", "--cacert", "--cert", "--key", "--user", "--password-file",
        "--prefix", "--page-size", "--docker-host", "--config", "--log-level", "-n", "--namespace",
        "--poll-interval", "--theme", "--probe-interval", "--probe-timeout", "--max-concurrent-probes",
        "--max-parallel-pulls", "--pull-stall-timeout",
    ]

    /// Flags (no value follows them) that may come before the command name, moved likewise.
    static let leadingFlags: Set<String> = [
        "--insecure-skip-tls-verify", "--readonly", "-A", "--all-namespaces", "--mouse", "--no-watch", "--no-probes",
        "--auto-pull",
    ]
}

/// The resource and pod-name arguments the pod commands share.
enum PodArguments {
    /// Refuses a resource other than pods (`pod`, `pods`, `po`).
    static func requirePods(_ resource: String) throws {
        guard ["pod", "pods", "po"].contains(resource) else {
            throw ValidationError("unknown resource \(resource): poddeck knows only pods")
        }
    }

    /// The pod named by `NS/NAME`, or `NAME` in the session's namespace.
    static func key(_ name: String, in session: HeadlessSession) throws -> PodKey {
        guard let key = PodKey(parsing: name, defaultNamespace: session.settings.effectiveNamespace) else {
            throw ValidationError("expected NAMESPACE/NAME or NAME, got \(name)")
        }
        return key
    }
}

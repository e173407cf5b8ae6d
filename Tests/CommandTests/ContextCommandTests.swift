import Foundation
import Testing
import TestSupport

/// Named contexts of the config file against two real etcd servers: which one a command talks
/// to, what beats what, the errors, and `poddeck config`.
@Suite("config contexts", .serialized)
struct ContextCommandTests {
    /// Writes pod `namespace/name` to `etcd` with the real binary.
    func put(_ namespace: String, _ name: String, into etcd: EtcdServer) async throws {
        let doc = webPod.replacingOccurrences(of: "name: web\n  namespace: shop", with: "name: \(name)\n  namespace: \(namespace)")
        let r = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A config file with `text` in a directory of its own.
    func configFile(_ text: String) throws -> String {
        let dir = try TempDirectory.make(prefix: "contexts")
        let path = "\(dir)/config.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `poddeck get pods -o name` with `args`.
    func names(_ args: [String], env: [String: String] = [:]) async throws -> ProcessResult {
        try await PodDeckBinary.run(["get", "pods", "-o", "name"] + args, environment: env)
    }

    @Test func theContextChoosesTheClusterAndFlagsAndEnvironmentStillWin() async throws {
        let alpha = try await EtcdServer.start()
        defer { alpha.stop() }
        let beta = try await EtcdServer.start()
        defer { beta.stop() }
        try await put("shop", "alpha-pod", into: alpha)
        try await put("green", "beta-pod", into: beta)
        let config = try configFile("""
            # top-level keys: the defaults of every context
            endpoints: \(alpha.clientURL)
            namespace: shop
            contexts:
              alpha: {}
              beta:
                endpoints: \(beta.clientURL)
                namespace: green

            """)
        let c = ["--config", config]
        // No context: the top-level keys alone.
        #expect(try await names(c).stdout == "shop/alpha-pod\n")
        // The context's keys over the top-level ones; an empty context is the top level.
        #expect(try await names(c + ["--context", "beta"]).stdout == "green/beta-pod\n")
        #expect(try await names(c + ["--context", "alpha"]).stdout == "shop/alpha-pod\n")
        // PODDECK_CONTEXT chooses too; --context beats it, before or after the command name.
        #expect(try await names(c, env: ["PODDECK_CONTEXT": "beta"]).stdout == "green/beta-pod\n")
        let flagFirst = try await PodDeckBinary.run(["--context", "alpha", "get", "pods", "-o", "name"] + c,
                                                    environment: ["PODDECK_CONTEXT": "beta"])
        #expect(flagFirst.stdout == "shop/alpha-pod\n", "\(flagFirst.stderr)")
        // Environment and flags beat the context's keys.
        #expect(try await names(c + ["--context", "beta"], env: ["ETCDCTL_ENDPOINTS": alpha.clientURL]).stdout == "")
        #expect(try await names(c + ["--context", "beta", "-n", "shop"], env: ["ETCDCTL_ENDPOINTS": alpha.clientURL]).stdout
                == "shop/alpha-pod\n")
        #expect(try await names(c + ["--context", "beta", "--endpoints", alpha.clientURL, "-A"]).stdout == "shop/alpha-pod\n")

        // currentContext in the file chooses when nothing else does.
        try (try String(contentsOfFile: config, encoding: .utf8) + "currentContext: beta\n").write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try await names(c).stdout == "green/beta-pod\n")
        #expect(try await names(c + ["--context", "alpha"]).stdout == "shop/alpha-pod\n")
        let current = try await PodDeckBinary.run(["config", "current-context"] + c)
        #expect(current.stdout == "beta\n", "\(current.stderr)")
        let chosen = try await PodDeckBinary.run(["config", "current-context", "--context", "alpha"] + c)
        #expect(chosen.stdout == "alpha\n", "\(chosen.stderr)")
    }

    @Test func unknownContextsAndKeysAreUsageErrorsThatSayWhere() async throws {
        let config = try configFile("""
            endpoints: http://127.0.0.1:1
            contexts:
              lab: {endpoints: "http://127.0.0.1:2"}
              prod: {endpoints: "http://127.0.0.1:3", timeout: soon}

            """)
        for (args, env, origin) in [(["--context", "stage"], [String: String](), "--context stage"),
                                    ([], ["PODDECK_CONTEXT": "stage"], "PODDECK_CONTEXT=stage")] {
            let r = try await names(["--config", config] + args, env: env)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("\(origin): unknown context (known contexts: lab, prod)"), "\(r.stderr)")
        }
        // A bad value is found when its context is used, with its file, line and key.
        let bad = try await names(["--config", config, "--context", "prod"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("config.yaml:4: contexts.prod.timeout: expected a duration"), "\(bad.stderr)")
        // currentContext naming no context says where it is.
        let dangling = try configFile("contexts:\n  lab: {}\ncurrentContext: gone\n")
        let d = try await names(["--config", dangling])
        #expect(d.status == 2)
        #expect(d.stderr.contains("config.yaml:3: currentContext gone: unknown context (known contexts: lab)"), "\(d.stderr)")
        // Without a config file there are no contexts to choose.
        let none = try await names(["--context", "lab"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--context lab: unknown context: there is no config file at"), "\(none.stderr)")
        // An unknown key inside a context is named in full, as a top-level one is.
        let typo = try configFile("endpoints: http://127.0.0.1:1\ncontexts:\n  lab:\n    endpoint: http://127.0.0.1:2\n")
        let t = try await names(["--config", typo])
        #expect(t.status == 2)
        #expect(t.stderr.contains("config.yaml:4: unknown key contexts.lab.endpoint"), "\(t.stderr)")
        let topLevel = try configFile("contexts:\n  lab:\n    currentContext: lab\n")
        let nested = try await names(["--config", topLevel])
        #expect(nested.status == 2)
        #expect(nested.stderr.contains("config.yaml:3: unknown key contexts.lab.currentContext"), "\(nested.stderr)")
    }

    @Test func getContextsUseContextAndCurrentContext() async throws {
        let original = """
            # poddeck contexts — this comment, the spacing and the order stay as they are
            endpoints:   http://127.0.0.1:2379
            contexts:
              prod: {endpoints: "https://10.0.0.1:2379", cacert: /etc/poddeck/prod-ca.pem, readonly: true}
              lab:  {endpoints: "http://127.0.0.1:2380"}   # the lab
              plain:
            currentContext: lab    # chosen by hand
            theme: mono

            """
        let config = try configFile(original)
        let c = ["--config", config]
        let table = try await PodDeckBinary.run(["config", "get-contexts"] + c)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            CURRENT   NAME    ENDPOINTS               READONLY
                      prod    https://10.0.0.1:2379   true
            *         lab     http://127.0.0.1:2380   false
                      plain   http://127.0.0.1:2379   false

            """, "\(table.stdout)")
        #expect(try await PodDeckBinary.run(["config", "get-contexts", "-o", "name"] + c).stdout == "prod\nlab\nplain\n")
        #expect(try await PodDeckBinary.run(["config", "current-context"] + c).stdout == "lab\n")

        // use-context changes the value on that line and no other byte.
        let used = try await PodDeckBinary.run(["config", "use-context", "prod"] + c)
        #expect(used.status == 0, "\(used.stderr)")
        #expect(used.stdout == "Switched to context \"prod\".\n")
        let after = try String(contentsOfFile: config, encoding: .utf8)
        #expect(after == original.replacingOccurrences(of: "currentContext: lab    #", with: "currentContext: prod    #"), "\(after)")
        #expect(try await PodDeckBinary.run(["config", "current-context"] + c).stdout == "prod\n")
        let marked = try await PodDeckBinary.run(["config", "get-contexts"] + c).stdout
        #expect(marked.split(separator: "\n").first { $0.hasPrefix("*") }?.contains("prod") == true, "\(marked)")

        // An unknown name is refused and the file is left alone.
        let refused = try await PodDeckBinary.run(["config", "use-context", "stage"] + c)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("unknown context (known contexts: prod, lab, plain)"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == after)

        // Without currentContext the key is added at the end; the rest stays byte for byte.
        let withoutCurrent = "contexts:\n  lab: {}\n  prod: {}\n# last line, no newline"
        let second = try configFile(withoutCurrent)
        #expect(try await PodDeckBinary.run(["config", "current-context", "--config", second]).status == 1)
        #expect(try await PodDeckBinary.run(["config", "use-context", "lab", "--config", second]).status == 0)
        let added = try String(contentsOfFile: second, encoding: .utf8)
        #expect(added == withoutCurrent + "\ncurrentContext: lab\n", "\(added)")
        #expect(try await PodDeckBinary.run(["config", "current-context", "--config", second]).stdout == "lab\n")
    }

    @Test func aReadonlyContextRefusesEveryWrite() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let config = try configFile("""
            endpoints: \(etcd.clientURL)
            contexts:
              careful: {readonly: true}
              open: {}

            """)
        let before = try await etcd.etcdctl(["get", "/", "-w", "json"]).stdout
        for args in [["apply", "-f", "-"], ["patch", "pod", "shop/web", "--merge", "{}"], ["delete", "pod", "shop/web"],
                     ["label", "pod", "shop/web", "tier=front"], ["seed", "--count", "1"]] {
            let r = try await PodDeckBinary.run(args + ["--config", config, "--context", "careful"], stdin: webPod)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("read-only"), "\(args): \(r.stderr)")
        }
        let after = try await etcd.etcdctl(["get", "/", "-w", "json"]).stdout
        #expect(revision(before) == revision(after), "the etcd revision did not move")
        // The same file's other context writes.
        let open = try await PodDeckBinary.run(["apply", "-f", "-", "--config", config, "--context", "open"], stdin: webPod)
        #expect(open.status == 0, "\(open.stderr)")
    }
}

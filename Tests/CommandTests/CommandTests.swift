import Foundation
import Testing
import TestSupport

/// Runs poddeck against `etcd` with `args`.
func poddeck(_ etcd: EtcdServer, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) async throws -> ProcessResult {
    try await PodDeckBinary.run(args + ["--endpoints", etcd.clientURL], environment: env, stdin: stdin)
}

let webPod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
      labels:
        app: web
      x-vendor-note: kept
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 8080
          name: http
    status:
      phase: Running
      podIP: 10.0.0.7
    """

@Suite("headless commands against a real etcd", .serialized)
struct CommandTests {
    @Test func applyGetPatchDeleteRoundTrip() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "cmd-\(UInt32.random(in: 0...UInt32.max))"
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")

        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("pod/web created"))

        let again = try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("pod/web configured") || again.stdout.hasPrefix("pod/web unchanged"))

        let table = try await poddeck(etcd, ["get", "pods", "-n", ns])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) ==
                ["NAME", "READY", "STATUS", "RESTARTS", "IMAGE", "NODE", "IP", "AGE"])
        #expect(lines.count == 2)
        #expect(lines[1].contains("web") && lines[1].contains("nginx:1.25") && lines[1].contains("10.0.0.7"))

        let names = try await poddeck(etcd, ["get", "pods", "-A", "-o", "name"])
        #expect(names.stdout.split(separator: "\n").contains("\(ns)/web"))

        let json = try await poddeck(etcd, ["get", "pod", "\(ns)/web", "-o", "json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"x-vendor-note\": \"kept\""), "unknown fields survive")
        #expect(json.stdout.contains("\"resourceVersion\": \""), "resourceVersion is filled in on read")

        let raw = try await etcd.etcdctl(["get", "/registry/pods/\(ns)/web", "--print-value-only"])
        #expect(!raw.stdout.contains("resourceVersion"), "resourceVersion is never stored")

        let patched = try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"tier":"front"}}}"#])
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(patched.stdout.hasPrefix("pod/web patched"))
        let selected = try await poddeck(etcd, ["get", "pods", "-n", ns, "-l", "tier=front", "-o", "name"])
        #expect(selected.stdout == "\(ns)/web\n")
        let unselected = try await poddeck(etcd, ["get", "pods", "-n", ns, "-l", "tier=back", "-o", "name"])
        #expect(unselected.stdout == "")

        let yaml = try await poddeck(etcd, ["get", "pod", "web", "-n", ns, "-o", "yaml"])
        #expect(yaml.stdout.contains("tier: front"))

        let stale = try await poddeck(etcd, ["delete", "pod", "\(ns)/web", "--resource-version", "1"])
        #expect(stale.status == 4)
        #expect(stale.stderr.contains("conflict"))

        let deleted = try await poddeck(etcd, ["delete", "pod", "\(ns)/web"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("deleted"))

        let gone = try await poddeck(etcd, ["get", "pod", "\(ns)/web"])
        #expect(gone.status == 5)
        #expect(gone.stderr.contains("not found"))
        let deleteGone = try await poddeck(etcd, ["delete", "pod", "\(ns)/web"])
        #expect(deleteGone.status == 5)
        let patchGone = try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", "{}"])
        #expect(patchGone.status == 5)
    }

    @Test func applyWithAResourceVersionIsCompareAndSwap() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = "cas-\(UInt32.random(in: 0...UInt32.max))"
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        #expect(try await poddeck(etcd, ["apply", "-f", "-"], stdin: doc).status == 0)
        let yaml = try await poddeck(etcd, ["get", "pod", "\(ns)/web", "-o", "yaml"]).stdout
        // Someone else changes the pod after we read it.
        #expect(try await poddeck(etcd, ["patch", "pod", "\(ns)/web", "--merge", #"{"metadata":{"labels":{"other":"writer"}}}"#]).status == 0)
        let edited = yaml.replacingOccurrences(of: "app: web", with: "app: shop-web")
        let conflict = try await poddeck(etcd, ["apply", "-f", "-"], stdin: edited)
        #expect(conflict.status == 4)
        #expect(conflict.stderr.contains("conflict"))
        #expect(conflict.stderr.contains("nothing written"))
        let now = try await poddeck(etcd, ["get", "pod", "\(ns)/web", "-o", "yaml"]).stdout
        #expect(now.contains("other: writer"))
        #expect(!now.contains("shop-web"))
        // With the current version it lands.
        let fresh = now.replacingOccurrences(of: "app: web", with: "app: shop-web")
        let ok = try await poddeck(etcd, ["apply", "-f", "-"], stdin: fresh)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("pod/web configured"))
    }

    @Test func validateReportsEveryErrorWithItsPath() async throws {
        let bad = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name","labels":{"-x":"y"}},
             "spec":{"restartPolicy":"Sometimes","containers":[
               {"name":"a","image":"nginx","ports":[{"containerPort":70000}]},
               {"name":"a","image":"Nginx"}]}}
            """
        let r = try await PodDeckBinary.run(["validate", "-f", "-"], stdin: bad)
        #expect(r.status == 3)
        for path in ["metadata.name", "metadata.labels", "spec.containers[0].ports[0].containerPort",
                     "spec.containers[1].name", "spec.containers[1].image", "spec.restartPolicy"] {
            #expect(r.stderr.contains(path), "missing \(path) in:\n\(r.stderr)")
        }
        let good = try await PodDeckBinary.run(["validate", "-f", "-"], stdin: webPod)
        #expect(good.status == 0)
        #expect(good.stdout == "pod/web is valid\n")
        let broken = try await PodDeckBinary.run(["validate", "-f", "-"], stdin: "{\"apiVersion\": \"v1\",\n \"kind\": ")
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("line 2"))
    }

    @Test func applyRefusesInvalidObjectsAndWritesNothing() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let before = try await etcd.etcdctl(["get", "/registry/pods/", "--prefix", "--keys-only", "-w", "json"]).stdout
        let r = try await poddeck(etcd, ["apply", "-f", "-"], stdin: #"{"metadata":{"name":"x"},"spec":{"containers":[]}}"#)
        #expect(r.status == 3)
        #expect(r.stderr.contains("spec.containers"))
        let missing = try await poddeck(etcd, ["apply", "-f", "/nonexistent/pod.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/pod.yaml"))
        let after = try await etcd.etcdctl(["get", "/registry/pods/", "--prefix", "--keys-only", "-w", "json"]).stdout
        #expect(before.contains("\"count\"") == after.contains("\"count\""))
    }

    @Test func versionIsPrintedWithoutTouchingEtcd() async throws {
        let result = try await PodDeckBinary.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("poddeck "), "\(result.stdout)")
    }

    @Test func usageErrorsExitTwoAndUnreachableEtcdExitsOne() async throws {
        let bad = try await PodDeckBinary.run(["get", "pods", "-o", "xml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("-o must be one of"))
        let unknown = try await PodDeckBinary.run(["get", "pods", "--bogus"])
        #expect(unknown.status == 2)
        let port = try PortAllocator.freePort()
        let down = try await PodDeckBinary.run(["get", "pods", "-A", "--endpoints", "http://127.0.0.1:\(port)", "--timeout", "1s"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("127.0.0.1:\(port)"))
        #expect(down.stderr.contains("no answer within"))
        let badFlag = try await PodDeckBinary.run(["get", "pods", "--timeout", "soon"])
        #expect(badFlag.status == 2)
        #expect(badFlag.stderr.contains("--timeout"))
    }

    @Test func readonlyRefusesEveryWrite() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let rev = try await etcd.etcdctl(["get", "/", "-w", "json"]).stdout
        for args in [["apply", "-f", "-"], ["patch", "pod", "default/web", "--merge", "{}"], ["delete", "pod", "default/web"],
                     ["seed", "--count", "1"]] {
            let r = try await poddeck(etcd, args + ["--readonly"], stdin: webPod)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("read-only"), "\(args): \(r.stderr)")
        }
        let after = try await etcd.etcdctl(["get", "/", "-w", "json"]).stdout
        #expect(revision(rev) == revision(after), "the etcd revision did not move")
    }

    @Test func configFileAndEnvironmentPrecedence() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let dir = try TempDirectory.make(prefix: "config")
        let config = "\(dir)/config.yaml"
        try "endpoints: \(etcd.clientURL)\nnamespace: from-file\n".write(toFile: config, atomically: true, encoding: .utf8)
        let ns = "prec-\(UInt32.random(in: 0...UInt32.max))"
        let doc = webPod.replacingOccurrences(of: "namespace: shop", with: "namespace: \(ns)")
        #expect(try await PodDeckBinary.run(["apply", "-f", "-", "--config", config], stdin: doc).status == 0)
        // The file's namespace applies when no flag is given...
        let fromFile = try await PodDeckBinary.run(["get", "pods", "-o", "name", "--config", config])
        #expect(!fromFile.stdout.contains("\(ns)/web"))
        // ...the environment beats the file, the flag beats both.
        let fromEnv = try await PodDeckBinary.run(["get", "pods", "-o", "name", "--config", config], environment: ["PODDECK_NAMESPACE": ns])
        #expect(fromEnv.stdout == "\(ns)/web\n")
        let fromFlag = try await PodDeckBinary.run(["get", "pods", "-o", "name", "--config", config, "-n", "nothing-here"],
                                             environment: ["PODDECK_NAMESPACE": ns])
        #expect(fromFlag.stdout == "")
        try "endpoints: \(etcd.clientURL)\npollIntervall: 2s\n".write(toFile: config, atomically: true, encoding: .utf8)
        let typo = try await PodDeckBinary.run(["get", "pods", "--config", config])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("config.yaml:2"))
        #expect(typo.stderr.contains("unknown key pollIntervall"))
    }

    @Test func seedWritesRealisticPodsAndUnreadableValuesAreListed() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let prefix = "/seed-\(UInt32.random(in: 0...UInt32.max))"
        let seeded = try await poddeck(etcd, ["seed", "--count", "40", "--prefix", prefix])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        try await etcd.put("\(prefix)/pods/default/garbage", "not json {")
        let proto = try await etcd.etcdctl(["put", "\(prefix)/pods/default/proto"], stdin: Array("k8s".utf8) + [0, 0x0a, 0x02] + Array("v1".utf8))
        #expect(proto.status == 0, "\(proto.stderr)")
        let names = try await poddeck(etcd, ["get", "pods", "-A", "-o", "name", "--prefix", prefix])
        #expect(names.stdout.split(separator: "\n").count == 42)
        let table = try await poddeck(etcd, ["get", "pods", "-A", "--prefix", prefix])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Unreadable"))
        #expect(table.stderr.contains("protobuf"))
        #expect(table.stderr.contains("garbage"))
    }
}

extension CommandTests {
    @Test func seedWritesChunkAfterChunkEveryPodOnce() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        // Two puts per transaction, one in flight: pods are made and written 50 at a time.
        let seeded = try await poddeck(etcd, ["seed", "--count", "123", "--max-txn-ops", "2", "--parallel", "1"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("seeded 123 pods"))
        let names = try await poddeck(etcd, ["get", "pods", "-A", "-o", "name"])
        let listed = names.stdout.split(separator: "\n")
        #expect(listed.count == 123)
        #expect(Set(listed).count == 123)
        // 62 transactions, one revision each, after etcd's first.
        let status = try await etcd.etcdctl(["get", "/registry/pods/", "--prefix", "--keys-only", "--limit", "1", "-w", "json"])
        #expect(revision(status.stdout) == 63)
    }
}

func revision(_ etcdctlJSON: String) -> Int? {
    guard let data = etcdctlJSON.data(using: .utf8),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let header = object["header"] as? [String: Any] else { return nil }
    return (header["revision"] as? NSNumber)?.intValue
}


import Foundation
import Testing
import TestSupport

/// A pod in `namespace` whose container `web` has the given probe members; the pod IP is
/// 127.0.0.1 unless `podIP` says otherwise (empty: none).
private func probedPod(_ namespace: String, name: String = "web", probes: String, podIP: String = "127.0.0.1",
                       containerID: String? = nil) -> String {
    let ip = podIP.isEmpty ? "" : #", "podIP": "\#(podIP)""#
    let id = containerID.map { #", "containerID": "docker://\#($0)""# } ?? ""
    return """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)", "namespace": "\(namespace)"},
         "spec": {"containers": [{"name": "web", "image": "busybox:1", "ports": [{"name": "http", "containerPort": 8080}],
                                  \(probes)}]},
         "status": {"phase": "Running"\(ip), "containerStatuses": [{"name": "web", "ready": true\(id)}]}}
        """
}

private func uniqueNamespace() -> String { "probe-\(UInt32.random(in: 0...UInt32.max))" }

/// Applies `document` through the binary, failing the test when that fails.
private func apply(_ etcd: EtcdServer, _ document: String) async throws {
    let applied = try await poddeck(etcd, ["apply", "-f", "-"], stdin: document)
    #expect(applied.status == 0, "\(applied.stderr)")
}

/// The JSON array `poddeck probe -o json` printed.
private func results(_ stdout: String) throws -> [[String: Any]] {
    let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    return try #require(value as? [[String: Any]], "not an array of objects: \(stdout)")
}

@Suite("poddeck probe against a real etcd and probe targets", .serialized)
struct ProbeCommandTests {
    @Test func healthyTargetsExitZeroAndPrintEachResult() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            try await apply(etcd, probedPod(ns, probes: """
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": \(target.port)}},
                "readinessProbe": {"tcpSocket": {"port": \(target.port)}},
                "startupProbe": {"httpGet": {"path": "/redirect?to=http://elsewhere.invalid/", "port": \(target.port)}}
                """))
            let run = try await poddeck(etcd, ["probe", "\(ns)/web"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(run.stdout)")
            #expect(lines[0].split(separator: " ") == ["KIND", "CONTAINER", "TARGET", "RESULT", "LATENCY", "STATE", "MESSAGE"])
            let liveness = try #require(lines.first { $0.hasPrefix("liveness") })
            #expect(liveness.contains("GET http://127.0.0.1:\(target.port)/healthz"))
            #expect(liveness.contains(" success "))
            #expect(liveness.hasSuffix("HTTP 200"))
            let readiness = try #require(lines.first { $0.hasPrefix("readiness") })
            #expect(readiness.contains("tcp 127.0.0.1:\(target.port)"))
            #expect(readiness.contains("connected to 127.0.0.1:\(target.port)"))
            // A redirect to another host is a warning, which counts as success.
            let startup = try #require(lines.first { $0.hasPrefix("startup") })
            #expect(startup.contains(" warning "), "\(startup)")
            #expect(startup.contains("probe terminated redirects"))
            #expect(target.requestCount(path: "/healthz") == 1)
        }
    }

    /// Probes set no socket option that needs privileges: a user without any (uid 65534, taken
    /// with setpriv when the tests run as root) gets the same answers.
    @Test func anUnprivilegedUserRunsHTTPAndTCPProbes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        // A copy of the binary in a directory anyone may enter (the checkout may not be).
        var template = Array("/tmp/poddeck-unprivileged-XXXXXX".utf8CString)
        let directory = try #require(mkdtemp(&template).map { String(cString: $0) })
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = directory + "/poddeck"
        // A hard link where it can be (no file open for writing that a process forked meanwhile
        // could inherit: exec would fail with "Text file busy"), else a copy.
        if link(PodDeckBinary.path, binary) != 0 {
            try FileManager.default.copyItem(atPath: PodDeckBinary.path, toPath: binary)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            try await apply(etcd, probedPod(ns, probes: """
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": \(target.port)}},
                "readinessProbe": {"tcpSocket": {"port": \(target.port)}}
                """))
            let command = [binary, "probe", "\(ns)/web", "--endpoints", etcd.clientURL]
            let asRoot = geteuid() == 0
            var run = try await unprivileged(asRoot: asRoot, command, home: directory + "/home")
            // A copy may still be open for writing in a process forked by a parallel test until
            // that process execs: try again (a few times) when exec says so.
            for _ in 0..<5 where run.status == 126 && run.stderr.contains("Text file busy") {
                try await Task.sleep(for: .milliseconds(200))
                run = try await unprivileged(asRoot: asRoot, command, home: directory + "/home")
            }
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let liveness = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("liveness") })
            #expect(liveness.hasSuffix("HTTP 200"), "\(liveness)")
            let readiness = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("readiness") })
            #expect(readiness.contains("connected to 127.0.0.1:\(target.port)"), "\(readiness)")
            #expect(target.requestCount(path: "/healthz") == 1)
        }
    }

    /// Runs `command` (the binary first) as uid 65534 when the tests run as root, else as is.
    private func unprivileged(asRoot: Bool, _ command: [String], home: String) async throws -> ProcessResult {
        try await ProcessRunner.run(
            asRoot ? "/usr/bin/setpriv" : command[0],
            asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups"] + command : Array(command.dropFirst()),
            environment: ["PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"], timeout: .seconds(60))
    }

    @Test func aFailingTargetExitsSixAndSaysWhichProbeFailed() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            try await apply(etcd, probedPod(ns, probes: """
                "livenessProbe": {"httpGet": {"path": "/fail", "port": \(target.port)}},
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": \(target.port)}}
                """))
            let run = try await poddeck(etcd, ["probe", "\(ns)/web"])
            #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("HTTP probe failed with statuscode: 503"))
            #expect(run.stderr == "poddeck: liveness probe of container web in pod \(ns)/web "
                    + "(GET http://127.0.0.1:\(target.port)/fail) failed 1 of 1 runs: HTTP probe failed with statuscode: 503\n")

            let closed = try closedProbePort()
            try await apply(etcd, probedPod(ns, name: "down", probes: #""livenessProbe": {"tcpSocket": {"port": \#(closed)}}"#))
            let down = try await poddeck(etcd, ["probe", "\(ns)/down", "--probe-timeout", "2s"])
            #expect(down.status == 6)
            #expect(down.stderr.contains("connection refused"), "\(down.stderr)")
        }
    }

    @Test func jsonOutputHasOneObjectPerRun() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            try await apply(etcd, probedPod(ns, probes: """
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": \(target.port)}, "failureThreshold": 2},
                "readinessProbe": {"httpGet": {"path": "/status/500", "port": \(target.port)}}
                """))
            let run = try await poddeck(etcd, ["probe", "\(ns)/web", "-o", "json"])
            #expect(run.status == 6)
            let objects = try results(run.stdout)
            #expect(objects.count == 2)
            let live = try #require(objects.first { $0["kind"] as? String == "liveness" })
            #expect(live["pod"] as? String == "\(ns)/web")
            #expect(live["container"] as? String == "web")
            #expect(live["handler"] as? String == "httpGet")
            #expect(live["target"] as? String == "GET http://127.0.0.1:\(target.port)/healthz")
            #expect(live["run"] as? Int == 1)
            #expect(live["outcome"] as? String == "success")
            #expect(live["message"] as? String == "HTTP 200")
            #expect(live["state"] as? String == "ok")
            // The target's response body is never shown (only exec output is).
            #expect(live["output"] as? String == "")
            #expect(live["consecutiveSuccesses"] as? Int == 1)
            let latency = try #require(live["latencyMs"] as? Double)
            #expect(latency > 0)
            let ready = try #require(objects.first { $0["kind"] as? String == "readiness" })
            #expect(ready["outcome"] as? String == "failure")
            #expect(ready["message"] as? String == "HTTP probe failed with statuscode: 500")
            #expect(ready["state"] as? String == "failing", "readiness starts not ready")
            #expect(ready["consecutiveFailures"] as? Int == 1)
        }
    }

    @Test func countRunsEachProbeThatManyTimes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            try await apply(etcd, probedPod(ns, probes: """
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": \(target.port), "host": "127.0.0.1"}}
                """, podIP: ""))
            // The spec names a host and the pod has no IP: only the operator's allowance lets it run.
            let refused = try await poddeck(etcd, ["probe", "\(ns)/web"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("probe target 127.0.0.1 is not the pod IP; not probed"), "\(refused.stderr)")
            #expect(target.requestCount(path: "/healthz") == 0)
            let run = try await poddeck(etcd, ["probe", "\(ns)/web", "--count", "3", "--interval", "100ms", "-o", "json",
                                               "--probe-allow-hosts", "127.0.0.1"])
            #expect(run.status == 0, "\(run.stderr)")
            let objects = try results(run.stdout)
            #expect(objects.map { $0["run"] as? Int } == [1, 2, 3])
            #expect(objects.map { $0["consecutiveSuccesses"] as? Int } == [1, 2, 3])
            #expect(target.requestCount(path: "/healthz") == 3)

            // Text: a RUN column, one line per run.
            let text = try await poddeck(etcd, ["probe", "\(ns)/web", "--count", "2", "--interval", "100ms",
                                                "--probe-allow-hosts", "127.0.0.0/8"])
            #expect(text.status == 0)
            let lines = text.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("RUN") == true)
            #expect(lines.dropFirst().map { $0.prefix(3) } == ["1/2", "2/2"])
            #expect(target.requestCount(path: "/healthz") == 5)
        }
    }

    @Test func namedPortsResolveAndTheToggleTurnsFailing() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = uniqueNamespace()
            let doc = probedPod(ns, probes: #""livenessProbe": {"httpGet": {"path": "/toggle", "port": "http"}}"#)
                .replacingOccurrences(of: "\"containerPort\": 8080", with: "\"containerPort\": \(target.port)")
            try await apply(etcd, doc)
            #expect(try await poddeck(etcd, ["probe", "\(ns)/web"]).status == 0)
            target.setHealthy(false)
            let failing = try await poddeck(etcd, ["probe", "web", "-n", ns])
            #expect(failing.status == 6)
            #expect(failing.stdout.contains("GET http://127.0.0.1:\(target.port)/toggle"))
        }
    }

    @Test func aMissingPodExitsFiveAndAProbeThatCannotRunExitsOne() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let ns = uniqueNamespace()
        let missing = try await poddeck(etcd, ["probe", "\(ns)/nothing"])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("pod \(ns)/nothing not found"), "\(missing.stderr)")

        try await apply(etcd, probedPod(ns, name: "noip", probes: #""livenessProbe": {"httpGet": {"port": 8080}}"#, podIP: ""))
        let noIP = try await poddeck(etcd, ["probe", "\(ns)/noip"])
        #expect(noIP.status == 1)
        #expect(noIP.stdout.contains("pod has no IP"))
        #expect(noIP.stderr.contains("liveness probe of container web in pod \(ns)/noip could not run: pod has no IP"),
                "\(noIP.stderr)")

        try await apply(etcd, probedPod(ns, name: "plain", probes: #""imagePullPolicy": "IfNotPresent""#))
        let plain = try await poddeck(etcd, ["probe", "\(ns)/plain", "-o", "json"])
        #expect(plain.status == 0)
        #expect(plain.stdout == "[]\n")
        #expect(plain.stderr.contains("has no liveness, readiness or startup probes"))

        let usage = try await poddeck(etcd, ["probe", "\(ns)/plain", "--count", "0"])
        #expect(usage.status == 2)
        let badFormat = try await poddeck(etcd, ["probe", "\(ns)/plain", "-o", "yaml"])
        #expect(badFormat.status == 2)
    }

    @Test func execProbesRunThroughTheDockerHost() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-probe-cli/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let ns = uniqueNamespace()
        let probes = """
            "livenessProbe": {"exec": {"command": ["sh", "-c", "echo alive"]}, "timeoutSeconds": 20},
            "readinessProbe": {"exec": {"command": ["sh", "-c", "echo not ready yet; exit 2"]}, "timeoutSeconds": 20}
            """
        // The pod gets its uid when created; its container carries it as the kubelet's would.
        try await apply(etcd, probedPod(ns, probes: probes))
        let created = try await poddeck(etcd, ["get", "pod", "\(ns)/web", "-o", "json"])
        let uid = try #require(((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["metadata"]
            as? [String: Any])?["uid"] as? String)
        let container = try await daemon.runSleepingContainer(
            image: image, labels: DockerDaemon.podLabels(namespace: ns, pod: "web", uid: uid, container: "web"))
        try await apply(etcd, probedPod(ns, probes: probes, containerID: container))
        let run = try await poddeck(etcd, ["probe", "\(ns)/web", "-o", "json", "--docker-host", daemon.host])
        #expect(run.status == 6, "\(run.stderr)")
        let objects = try results(run.stdout)
        let live = try #require(objects.first { $0["kind"] as? String == "liveness" })
        #expect(live["outcome"] as? String == "success")
        #expect(live["output"] as? String == "alive\n")
        #expect(live["target"] as? String == "exec sh -c echo alive")
        let ready = try #require(objects.first { $0["kind"] as? String == "readiness" })
        #expect(ready["outcome"] as? String == "failure")
        #expect(ready["message"] as? String == "command failed with exit code 2: not ready yet")
        #expect(run.stderr.contains("readiness probe of container web in pod \(ns)/web"))

        // Without a reachable Docker the exec probes cannot run: exit 1 with Docker's reason.
        let unreachable = try await poddeck(etcd, ["probe", "\(ns)/web", "--docker-host", "unix:///nonexistent/docker.sock"])
        #expect(unreachable.status == 1, "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("cannot connect to Docker"), "\(unreachable.stderr)")
    }
}

import Foundation
import Testing
import TestSupport

extension Drills {
    /// Starts `poddeck pull reference` against `daemon`; returns its PID and where its output goes.
    func startPull(_ reference: String, daemon: DockerDaemon, dir: String, name: String) throws -> (pid: pid_t, out: String, err: String) {
        let out = "\(dir)/\(name).out", err = "\(dir)/\(name).err"
        let env = PodDeckBinary.isolatedEnvironment(["DOCKER_CONFIG": daemon.cliConfigDirectory])
        let pid = try ProcessRunner.spawn(PodDeckBinary.path, ["pull", reference, "--docker-host", daemon.host, "--pull-stall-timeout", "10s"],
                                          environment: env, stdoutPath: out, stderrPath: err)
        return (pid, out, err)
    }

    @Test func dockerdOrTheRegistryKilledMidPullFailsClearly() async throws {
        let dir = try TempDirectory.make(prefix: "docker-drill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let first = try await DockerDaemon.start()
        defer { first.stop() }
        let image = try await DockerTestImages.pushMultiLayer(daemon: first, registry: registry.address, repository: "drill/slow",
                                                               layerSizes: [1_500_000, 1_500_000])
        let proxy = try await ThrottlingProxy.start(targetPort: registry.port, bytesPerSecond: 150_000)
        defer { proxy.stop() }
        let reference = "127.0.0.1:\(proxy.port)/drill/slow:\(image.tag)"

        // 1. dockerd dies mid-pull.
        let pull1 = try startPull(reference, daemon: first, dir: dir, name: "dockerd")
        try await waitUntil("layer bytes through the proxy", timeout: .seconds(60)) { proxy.bytesForwarded > 200_000 }
        let killed1 = ContinuousClock.now
        await first.killAbruptly()
        let status1 = try await ProcessRunner.wait(pid: pull1.pid, timeout: .seconds(90), name: "poddeck pull")
        let after1 = ContinuousClock.now - killed1
        let err1 = (try? String(contentsOfFile: pull1.err, encoding: .utf8)) ?? ""
        #expect(status1 == 1, "exit 1 when dockerd dies: \(status1) \(err1)")
        #expect(err1.hasPrefix("poddeck: "), "\(err1)")
        #expect(err1.contains(reference) || err1.lowercased().contains("docker"), "says what failed: \(err1)")
        #expect(!err1.contains("\u{1b}"))

        // 2. The registry dies mid-pull (a fresh daemon, the same slow proxy).
        let second = try await DockerDaemon.start()
        defer { second.stop() }
        let forwarded = proxy.bytesForwarded
        let pull2 = try startPull(reference, daemon: second, dir: dir, name: "registry")
        try await waitUntil("layer bytes through the proxy again", timeout: .seconds(60)) { proxy.bytesForwarded > forwarded + 200_000 }
        let killed2 = ContinuousClock.now
        // The proxy may already hold bytes the registry sent ahead: a dead registry's connections
        // end, so the proxy's go too, and new ones find nothing to connect to.
        registry.kill()
        proxy.dropConnections()
        let status2 = try await ProcessRunner.wait(pid: pull2.pid, timeout: .seconds(120), name: "poddeck pull")
        let after2 = ContinuousClock.now - killed2
        let err2 = (try? String(contentsOfFile: pull2.err, encoding: .utf8)) ?? ""
        #expect(status2 == 1, "exit 1 when the registry dies: \(status2) \(err2)")
        #expect(err2.hasPrefix("poddeck: pull \(reference) failed: ") || err2.hasPrefix("poddeck: pull \(reference) stalled: "), "\(err2)")
        #expect(!err2.contains("\u{1b}"))
        #expect(try await !second.hasImage(reference))

        let line1 = err1.split(separator: "\n").first.map(String.init) ?? ""
        let line2 = err2.split(separator: "\n").first.map(String.init) ?? ""
        DrillReport.record(
            drill: "Docker faults",
            injected: "`poddeck pull` of a 3 MB image through a 150 KB/s proxy; dockerd SIGKILLed mid-pull; then the registry SIGKILLed mid-pull (its connections through the proxy dropped); --pull-stall-timeout 10s",
            held: "dockerd killed: exit \(status1) after \(DrillReport.seconds(after1)), \"\(line1.replacingOccurrences(of: reference, with: "<image>").prefix(110))\"; "
                + "registry killed: exit \(status2) after \(DrillReport.seconds(after2)), \"\(line2.replacingOccurrences(of: reference, with: "<image>").prefix(110))\"; nothing hung")
    }

    @Test func aProbeTargetThatNeverAnswersIsBoundedByTheTimeout() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let ns = "hang"
            let pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"\(ns)"},
                 "spec":{"containers":[{"name":"web","image":"busybox:1","livenessProbe":{"httpGet":{"path":"/hang","port":\(target.port)},
                   "timeoutSeconds":1}}]},"status":{"phase":"Running","podIP":"127.0.0.1"}}
                """
            try await etcd.put("/registry/pods/\(ns)/web", pod)
            let start = ContinuousClock.now
            let r = try await PodDeckBinary.run(["probe", "\(ns)/web", "--endpoints", etcd.clientURL], timeout: .seconds(30))
            let took = ContinuousClock.now - start
            #expect(r.status == 6, "\(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("timeout") || r.stderr.contains("timed out") || r.stderr.contains("deadline"), "\(r.stderr)")
            #expect(r.stderr.contains("/hang"), "\(r.stderr)")
            #expect(target.requestCount(path: "/hang") == 1, "the target accepted the request")
            let line = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
            DrillReport.record(
                drill: "Probe target that never answers",
                injected: "HTTP liveness probe (timeoutSeconds: 1) against a target that accepts, reads the request and never answers",
                held: "`poddeck probe` exit 6 in \(DrillReport.seconds(took)) (process start and etcd read included): "
                    + "\"\(line.replacingOccurrences(of: "127.0.0.1:\(target.port)", with: "<target>").prefix(140))\"")
        }
    }
}

import Foundation
import Testing
import TestSupport

/// A pod whose probes and status point at the operator's machine.
private func hostilePod(_ name: String, probe: String, podIP: String = "10.0.0.9", containerID: String? = nil) -> String {
    let id = containerID.map { #", "containerID": "docker://\#($0)""# } ?? ""
    return """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)", "namespace": "x", "uid": "uid-\(name)"},
         "spec": {"containers": [{"name": "c", "image": "busybox:1", "livenessProbe": \(probe)}]},
         "status": {"phase": "Running", "podIP": "\(podIP)",
                    "containerStatuses": [{"name": "c", "ready": true, "state": {"running": {}}\(id)}]}}
        """
}

extension Drills {
    /// Data in etcd names a container that is not its pod's, a metadata address and another host:
    /// nothing runs in the container, nothing is sent, and the dashboard and `poddeck probe` say why.
    @Test func dataInEtcdNeverCommandsTheOperatorsMachine() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-drill/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        // `victim` is started by hand; `owned` carries the kubelet's labels for x/owned's container c.
        let victim = try await daemon.runSleepingContainer(image: image, name: "victim")
        let owned = try await daemon.runSleepingContainer(
            image: image, labels: DockerDaemon.podLabels(namespace: "x", pod: "owned", uid: "uid-owned", container: "c"), name: "owned")
        try await withProbeTarget { target in
            try await etcd.put("/registry/pods/x/innocent", hostilePod("innocent", probe: """
                {"exec": {"command": ["/bin/touch", "/tmp/pwned-by-dashboard"]}, "periodSeconds": 1, "timeoutSeconds": 20}
                """, containerID: victim))
            try await etcd.put("/registry/pods/x/owned", hostilePod("owned", probe: """
                {"exec": {"command": ["sh", "-c", "echo run >> /tmp/runs"]}, "periodSeconds": 1, "timeoutSeconds": 20}
                """, containerID: owned))
            try await etcd.put("/registry/pods/x/meta", hostilePod("meta", probe: """
                {"httpGet": {"host": "169.254.169.254", "path": "/latest/meta-data/", "port": 80,
                             "httpHeaders": [{"name": "Metadata-Flavor", "value": "Google"}]}, "periodSeconds": 1}
                """))
            try await etcd.put("/registry/pods/x/elsewhere", hostilePod("elsewhere", probe: """
                {"httpGet": {"host": "127.0.0.1", "path": "/healthz", "port": \(target.port),
                             "httpHeaders": [{"name": "X-Secret", "value": "from-etcd"}]}, "periodSeconds": 1}
                """))
            let env = ["DOCKER_HOST": daemon.host]

            // Exec probes are off by default: the header says so.
            let quiet = try await TmuxSession(command: "\(PodDeckBinary.path) -n x --endpoints \(etcd.clientURL)",
                                              width: 160, height: 20, environment: env)
            try await quiet.waitFor("exec probes off in the header") { $0.contains("2 exec probes off") }
            try await quiet.type("q")
            try await quiet.waitFor(text: "[exited 0 ]")
            quiet.stop()

            // With exec probes on, the owned container's probe runs; the victim is never touched.
            let tui = try await TmuxSession(command: "\(PodDeckBinary.path) -n x --endpoints \(etcd.clientURL) --exec-probes",
                                            width: 160, height: 20, environment: env)
            defer { tui.stop() }
            try await waitUntil("three runs of x/owned's exec probe", timeout: .seconds(60), every: .milliseconds(200)) {
                let runs = try await daemon.docker(["exec", "owned", "sh", "-c", "cat /tmp/runs 2>/dev/null | wc -l"])
                return Int(runs.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 3
            }
            let screen = try await tui.waitFor("the refused probes unknown") { screen in
                let rows = screen.split(separator: "\n")
                return ["innocent", "meta", "elsewhere"].allSatisfy { name in rows.contains { $0.contains(name) && $0.contains("unknown") } }
                    && rows.contains { $0.contains("owned") && $0.contains("ok") }
            }
            #expect(!screen.contains("exec probes off"))
            let pwned = try await daemon.docker(["exec", "victim", "sh", "-c", "test -e /tmp/pwned-by-dashboard"])
            #expect(pwned.status == 1, "a file appeared in victim")
            #expect(target.requestCount(path: "/healthz") == 0, "a probe reached a host other than the pod IP")
            try await tui.type("q")

            // Headless: each refusal exits 1 with the reason.
            let innocent = try await PodDeckBinary.run(["probe", "x/innocent", "--endpoints", etcd.clientURL, "--docker-host", daemon.host])
            #expect(innocent.status == 1, "\(innocent.stderr)")
            let short = String(victim.prefix(12))
            #expect(innocent.stderr.contains("container \(short) is not labelled as x/innocent's container c"), "\(innocent.stderr)")
            let meta = try await PodDeckBinary.run(["probe", "x/meta", "--endpoints", etcd.clientURL])
            #expect(meta.status == 1)
            #expect(meta.stderr.contains("169.254.169.254 is a link-local or metadata address; not probed"), "\(meta.stderr)")
            let elsewhere = try await PodDeckBinary.run(["probe", "x/elsewhere", "--endpoints", etcd.clientURL])
            #expect(elsewhere.status == 1)
            #expect(elsewhere.stderr.contains("is not the pod IP (10.0.0.9)"), "\(elsewhere.stderr)")
            #expect(target.requestCount(path: "/healthz") == 0)
            // The operator's allowance lets it through.
            let allowed = try await PodDeckBinary.run(["probe", "x/elsewhere", "--endpoints", etcd.clientURL,
                                                       "--probe-allow-hosts", "127.0.0.1"])
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(target.requestCount(path: "/healthz") == 1)
            let ownedRun = try await PodDeckBinary.run(["probe", "x/owned", "--endpoints", etcd.clientURL, "--docker-host", daemon.host])
            #expect(ownedRun.status == 0, "\(ownedRun.stderr)")
            #expect(try await daemon.docker(["exec", "victim", "sh", "-c", "test -e /tmp/pwned-by-dashboard"]).status == 1)

            DrillReport.record(
                drill: "Data in etcd aimed at the operator's machine",
                injected: "pod x/innocent whose status names a container started by hand (no kubelet labels) with an exec liveness "
                    + "probe `touch /tmp/pwned-by-dashboard`; an httpGet probe to 169.254.169.254 with a Metadata-Flavor header; "
                    + "one to 127.0.0.1 while the pod IP is 10.0.0.9; dashboard with DOCKER_HOST set, then with --exec-probes",
                held: "header said `2 exec probes off` by default; with --exec-probes the labelled container's probe ran 3+ times "
                    + "while no file appeared in victim; the three refused probes showed unknown with the reason; the target got 0 "
                    + "requests until --probe-allow-hosts 127.0.0.1; `poddeck probe` exit 1 for each with \"is not labelled as "
                    + "x/innocent's container c\", \"link-local or metadata address; not probed\", \"is not the pod IP (10.0.0.9)\"")
        }
    }
}

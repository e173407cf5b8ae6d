import Foundation
import Testing
import TestSupport

/// Probes and pulls in the dashboard, in tmux, against real servers.
@Suite("dashboard probes and pulls end to end in tmux", .serialized)
struct DashboardLiveEndToEndTests {
    @Test func aFailingTargetTurnsTheProbeCellToFailingWithinTheThreshold() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            let pod = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"probed","namespace":"default"},
                 "spec":{"containers":[{"name":"app","image":"nginx:1.25","livenessProbe":{"httpGet":{"host":"127.0.0.1",
                   "port":\(target.port),"path":"/toggle"},"periodSeconds":1,"failureThreshold":2}}]},
                 "status":{"phase":"Running","podIP":"127.0.0.1"}}
                """
            #expect(try await etcd.etcdctl(["put", "/registry/pods/default/probed", pod]).status == 0)
            let tui = try await TmuxSession(command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL)", width: 140, height: 30)
            defer { tui.stop() }
            try await tui.waitFor("the probe passing") { $0.contains("probed") && $0.contains(" ok ") }
            target.setHealthy(false)
            let failing = try await tui.waitFor("the probe failing", timeout: .seconds(30)) { $0.contains("failing 2/2") }
            #expect(failing.contains("1 pod failing probes"))
            // The detail view shows the live probe: state, message and latency history.
            try await tui.send("Enter")
            let detail = try await tui.waitFor("the probe details") { $0.contains("HTTP probe failed with statuscode: 503") }
            #expect(detail.contains("in a row"))
            try await tui.send("Escape")
            // Pausing stops the probes and says so.
            try await tui.send("C-p")
            try await tui.waitFor(text: "probes paused")
            try await tui.type("q")
        }
    }

    @Test func pastProbesMaxPodsNoProbeRunsUntilFewerPodsDeclareProbes() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        try await withProbeTarget { target in
            for (name, path) in [("first", "/livez"), ("second", "/readyz")] {
                let pod = """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"default"},
                     "spec":{"containers":[{"name":"app","image":"nginx:1.25","livenessProbe":{"httpGet":{"host":"127.0.0.1",
                       "port":\(target.port),"path":"\(path)"},"periodSeconds":1}}]},
                     "status":{"phase":"Running","podIP":"127.0.0.1"}}
                    """
                #expect(try await etcd.etcdctl(["put", "/registry/pods/default/\(name)", pod]).status == 0)
            }
            let tui = try await TmuxSession(command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) --probe-max-pods 1",
                                            width: 160, height: 30)
            defer { tui.stop() }
            let over = try await tui.waitFor("probes off past the limit") { $0.contains("2 pods") && $0.contains("probes off") }
            #expect(over.contains("probes off: 2 pods with probes > probes.maxPods 1"))
            // The plans were over the limit from the first listing on: nothing was ever probed.
            #expect(target.requestCount(path: "/livez") == 0)
            #expect(target.requestCount(path: "/readyz") == 0)
            // One pod goes: within the limit again, its probe runs.
            #expect(try await etcd.etcdctl(["del", "/registry/pods/default/second"]).status == 0)
            let back = try await tui.waitFor("the remaining probe passing", timeout: .seconds(30)) {
                $0.contains("first") && $0.contains(" ok ") && !$0.contains("probes off")
            }
            #expect(back.contains("1 pod"))
            #expect(target.requestCount(path: "/livez") > 0)
            #expect(target.requestCount(path: "/readyz") == 0)
            try await tui.type("q")
        }
    }

    @Test func pressingPPullsTheImageWithLiveProgress() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let image = try await DockerTestImages.pushMultiLayer(daemon: daemon, registry: registry.address, repository: "demo/slow",
                                                               layerSizes: [600_000, 600_000, 600_000])
        // Pull through a slow proxy so the progress can be seen.
        let proxy = try await ThrottlingProxy.start(targetPort: registry.port, bytesPerSecond: 300_000)
        defer { proxy.stop() }
        let reference = "127.0.0.1:\(proxy.port)/demo/slow:\(image.tag)"
        let pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"puller","namespace":"default"},
             "spec":{"containers":[{"name":"app","image":"\(reference)"}]},"status":{"phase":"Pending"}}
            """
        #expect(try await etcd.etcdctl(["put", "/registry/pods/default/puller", pod]).status == 0)
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) --docker-host \(daemon.host) --no-probes",
                                        width: 150, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("the image marked absent") { $0.contains("puller") && $0.contains("○ 127.0.0.1:\(proxy.port)") }
        try await tui.type("p")
        let progress = try await tui.waitFor("pull progress", timeout: .seconds(60)) { $0.contains("Pulls: 1 active") && $0.contains("⇣") }
        #expect(progress.contains("1 pulling"))
        try await tui.waitFor("the pull done", timeout: .seconds(120)) { $0.contains("✓ 127.0.0.1:\(proxy.port)") && $0.contains("Pulls: 0 active") }
        #expect(try await daemon.hasImage(reference))
        try await tui.type("q")
    }

    @Test func autoPullPullsAnAbsentIfNotPresentImageWithoutAKeyAndLeavesNeverAlone() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let wanted = try await DockerTestImages.pushMultiLayer(daemon: daemon, registry: registry.address, repository: "demo/wanted",
                                                                layerSizes: [20_000])
        let never = try await DockerTestImages.pushMultiLayer(daemon: daemon, registry: registry.address, repository: "demo/never",
                                                               layerSizes: [20_000])
        let wantedReference = "\(registry.address)/demo/wanted:\(wanted.tag)"
        let neverReference = "\(registry.address)/demo/never:\(never.tag)"
        let pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"auto","namespace":"default"},
             "spec":{"containers":[{"name":"app","image":"\(wantedReference)","imagePullPolicy":"IfNotPresent"},
                                   {"name":"side","image":"\(neverReference)","imagePullPolicy":"Never"}]},"status":{"phase":"Pending"}}
            """
        #expect(try await etcd.etcdctl(["put", "/registry/pods/default/auto", pod]).status == 0)
        let tui = try await TmuxSession(command: "\(PodDeckBinary.path) --endpoints \(etcd.clientURL) --docker-host \(daemon.host) --no-probes --auto-pull",
                                        width: 150, height: 30)
        defer { tui.stop() }
        try await tui.waitFor("the automatic pull done", timeout: .seconds(120)) { $0.contains("Pulls: 0 active, 1 recent") && $0.contains("✓ \(wantedReference)") }
        #expect(try await daemon.hasImage(wantedReference))
        #expect(try await daemon.hasImage(neverReference) == false, "Never is never pulled")
        try await tui.type("q")
    }
}

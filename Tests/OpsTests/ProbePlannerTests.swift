@testable import Ops
import PodModel
import Probes
import Testing

private func liveness(_ record: PodRecord, container: String = "web",
                      options: ProbePlanOptions = ProbePlanOptions()) -> ProbeDefinition? {
    ProbePlanner.plan(record: record, options: options)[ProbeKey(pod: record.key.description, container: container, kind: .liveness)]
}

private let execOn = ProbePlanOptions(execProbes: true)
private let webOwner = ContainerOwner(namespace: "shop", pod: "web", uid: nil, container: "web")

@Suite("probe planner: pod spec to scheduler definitions")
struct ProbePlannerTests {
    @Test func httpProbesDefaultToThePodIPAndKeepTheirTiming() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 5, "timeoutSeconds": 2,
                              "initialDelaySeconds": 3, "failureThreshold": 4}
            """)
        let definition = try #require(liveness(record))
        #expect(definition.handler == .httpGet(HTTPGetProbe(scheme: .http, host: "10.0.0.7", port: 8080, path: "/healthz")))
        #expect(definition.period == .seconds(5))
        #expect(definition.timeout == .seconds(2))
        #expect(definition.initialDelay == .seconds(3))
        #expect(definition.failureThreshold == 4)
        #expect(definition.successThreshold == 1)
        #expect(definition.handler.summary == "GET http://10.0.0.7:8080/healthz")
    }

    @Test func hostSchemeAndHeadersAreMapped() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"httpGet": {"host": "127.0.0.1", "scheme": "HTTPS", "path": "/ready?full=1", "port": 8443,
                              "httpHeaders": [{"name": "Host", "value": "web.example"}, {"name": "X-Token", "value": "t"},
                                              {"name": "User-Agent", "value": ""}]}}
            """)
        // A host other than the pod IP is reached only with the operator's allowance.
        #expect(try #require(liveness(record)).handler == .unsupported(
            "probe target 127.0.0.1 is not the pod IP (10.0.0.7); not probed (allow it with probes.allowHosts)"))
        let definition = try #require(liveness(record, options: ProbePlanOptions(reach: ProbeReach(allowHosts: ["127.0.0.1"]))))
        #expect(definition.handler == .httpGet(HTTPGetProbe(
            scheme: .https, host: "127.0.0.1", port: 8443, path: "/ready?full=1",
            headers: [ProbeHTTPHeader("Host", "web.example"), ProbeHTTPHeader("X-Token", "t"),
                      ProbeHTTPHeader("User-Agent", "")])))
    }

    @Test func namedPortsResolveFromTheContainerPorts() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}},
            "readinessProbe": {"tcpSocket": {"port": "metrics"}},
            "startupProbe": {"tcpSocket": {"port": "9090"}}
            """)
        let plan = ProbePlanner.plan(record: record)
        let pod = "shop/web"
        #expect(plan[ProbeKey(pod: pod, container: "web", kind: .liveness)]?.handler
                == .httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: "/healthz")))
        // An unknown name makes the probe unknown with the reason.
        #expect(plan[ProbeKey(pod: pod, container: "web", kind: .readiness)]?.handler
                == .unsupported("port \"metrics\" is not a named port of container \"web\""))
        // Like the kubelet, a name that is a number is used as one.
        #expect(plan[ProbeKey(pod: pod, container: "web", kind: .startup)]?.handler == .tcp(host: "10.0.0.7", port: 9090))
    }

    @Test func aPodWithoutIPGivesUnknownProbesUnlessTheyNameAHost() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
            "readinessProbe": {"tcpSocket": {"port": 8080}},
            "startupProbe": {"tcpSocket": {"port": 8080, "host": "127.0.0.1"}}
            """, podIP: nil)
        let plan = ProbePlanner.plan(record: record)
        #expect(plan.count == 3)
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)]?.handler == .unsupported("pod has no IP"))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .readiness)]?.handler == .unsupported("pod has no IP"))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .startup)]?.handler == .unsupported(
            "probe target 127.0.0.1 is not the pod IP; not probed (allow it with probes.allowHosts)"))
        let allowed = ProbePlanner.plan(record: record, options: ProbePlanOptions(reach: ProbeReach(allowHosts: ["127.0.0.0/8"])))
        #expect(allowed[ProbeKey(pod: "shop/web", container: "web", kind: .startup)]?.handler == .tcp(host: "127.0.0.1", port: 8080))
        let empty = try probePod(probes: #""livenessProbe": {"tcpSocket": {"port": 80}}"#, podIP: "")
        #expect(liveness(empty)?.handler == .unsupported(ProbePlanner.noPodIP))
    }

    @Test func execProbesRunInTheContainerFromTheStatus() async throws {
        let record = try probePod(probes: #""livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}}"#,
                                  containerID: "docker://0123abcd")
        #expect(liveness(record)?.handler == .unsupported(ProbePlanner.execProbesOff))
        #expect(liveness(record, options: execOn)?.handler
                == .exec(containerID: "0123abcd", command: ["cat", "/tmp/healthy"], owner: webOwner))

        let notRunning = try probePod(probes: #""livenessProbe": {"exec": {"command": ["true"]}}"#, containerID: nil)
        let handler = try #require(liveness(notRunning, options: execOn)?.handler)
        #expect(handler == .exec(containerID: nil, command: ["true"], owner: webOwner))
        let result = await ProberDispatcher(execRunner: FixedExecRunner()).probe(handler, timeout: .seconds(1))
        #expect(result.outcome == .unknown)
        #expect(result.message == "container not running")
    }

    @Test func grpcAndBrokenHandlersAreUnsupportedWithAReason() async throws {
        let record = try probePod(probes: """
            "livenessProbe": {"grpc": {"port": 9000}},
            "readinessProbe": {"periodSeconds": 3},
            "startupProbe": {"httpGet": {"path": "/", "port": 80, "scheme": "FTP"}}
            """)
        let plan = ProbePlanner.plan(record: record)
        let grpc = try #require(plan[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)])
        #expect(grpc.handler == .unsupported(ProbePlanner.grpcUnsupported))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .readiness)]?.handler
                == .unsupported("the probe has no handler (exec, httpGet, tcpSocket or grpc)"))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .readiness)]?.period == .seconds(3))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .startup)]?.handler
                == .unsupported("httpGet.scheme \"FTP\" is neither HTTP nor HTTPS"))
        let dispatcher = ProberDispatcher()
        let result = await dispatcher.probe(grpc.handler, timeout: .seconds(1))
        #expect(result.outcome == .unknown)
        await dispatcher.shutdown()
        // The detail view shows the reason, not the prober's generic wording.
        var tracker = ProbeTracker(kind: .liveness, definition: grpc)
        tracker.record(result)
        let detail = ProbeDetail(key: ProbeKey(pod: "shop/web", container: "web", kind: .liveness), definition: grpc,
                                 tracker: tracker)
        #expect(detail.lastMessage == "gRPC probes are not supported")
        #expect(detail.reason == "gRPC probes are not supported")
        #expect(detail.handlerName == "invalid")
        #expect(detail.cell == .unknown)
    }

    @Test func timingKubernetesRejectsMakesTheProbeUnknown() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": -5},
            "startupProbe": {"tcpSocket": {"port": 8080}, "successThreshold": 2},
            "readinessProbe": {"tcpSocket": {"port": 8080}, "successThreshold": 2}
            """)
        let plan = ProbePlanner.plan(record: record)
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)]?.handler
                == .unsupported("invalid liveness probe: periodSeconds: must be at least 1s (got -5s)"))
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .startup)]?.handler
                == .unsupported("invalid startup probe: successThreshold: must be 1 for startup probes (got 2)"))
        // Readiness probes may ask for several successes.
        #expect(plan[ProbeKey(pod: "shop/web", container: "web", kind: .readiness)]?.successThreshold == 2)
    }

    @Test func globalOverridesReplacePeriodAndTimeout() throws {
        let record = try probePod(probes: """
            "livenessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 30, "timeoutSeconds": 5},
            "readinessProbe": {"tcpSocket": {"port": 8080}}
            """)
        let options = ProbePlanOptions(periodOverride: .milliseconds(500), timeoutOverride: .milliseconds(250))
        let plan = ProbePlanner.plan(records: [record], options: options)
        #expect(plan.count == 2)
        for definition in plan.values {
            #expect(definition.period == .milliseconds(500))
            #expect(definition.timeout == .milliseconds(250))
        }
        let periodOnly = ProbePlanner.plan(record: record, options: ProbePlanOptions(periodOverride: .seconds(2)))
        #expect(periodOnly[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)]?.timeout == .seconds(5))
        #expect(periodOnly[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)]?.period == .seconds(2))

        var settings = DeckSettings()
        settings.probeInterval = .seconds(3)
        settings.probeTimeout = .seconds(2)
        #expect(ProbePlanOptions(settings: settings) == ProbePlanOptions(periodOverride: .seconds(3), timeoutOverride: .seconds(2)))
    }

    @Test func everyContainerAndSidecarIsPlannedInOrder() throws {
        let record = try probeRecord("ops", "multi", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "multi", "namespace": "ops"},
             "spec": {
               "initContainers": [
                 {"name": "setup", "image": "busybox", "livenessProbe": {"tcpSocket": {"port": 1}}},
                 {"name": "proxy", "image": "envoy", "restartPolicy": "Always",
                  "readinessProbe": {"exec": {"command": ["ready"]}}}],
               "containers": [
                 {"name": "app", "image": "app:1", "livenessProbe": {"tcpSocket": {"port": 80}},
                  "readinessProbe": {"httpGet": {"port": 80}}},
                 {"name": "plain", "image": "plain:1"}]},
             "status": {"podIP": "10.1.2.3",
               "initContainerStatuses": [{"name": "proxy", "containerID": "containerd://feed"}]}}
            """)
        let probes = ProbePlanner.probes(of: record, options: execOn)
        #expect(probes.map(\.key) == [
            ProbeKey(pod: "ops/multi", container: "app", kind: .liveness),
            ProbeKey(pod: "ops/multi", container: "app", kind: .readiness),
            ProbeKey(pod: "ops/multi", container: "proxy", kind: .readiness),
        ])
        #expect(probes[1].definition.handler == .httpGet(HTTPGetProbe(host: "10.1.2.3", port: 80, path: "/")))
        #expect(probes[2].definition.handler == .exec(
            containerID: "feed", command: ["ready"], owner: ContainerOwner(namespace: "ops", pod: "multi", uid: nil, container: "proxy")))

        let other = try probePod("shop", "api", probes: #""livenessProbe": {"tcpSocket": {"port": 80}}"#)
        let none = try probeRecord("shop", "bare", #"{"metadata": {"name": "bare"}, "spec": {"containers": [{"name": "a"}]}}"#)
        let plan = ProbePlanner.plan(records: [record, other, none])
        #expect(plan.count == 4)
        #expect(Set(plan.keys.map(\.pod)) == ["ops/multi", "shop/api"])
    }

    @Test func aPlanIsKeptUpToDatePodByPod() throws {
        let web = try probePod("shop", "web", probes: #""livenessProbe": {"tcpSocket": {"port": 80}}"#)
        let api = try probePod("shop", "api", probes: """
            "livenessProbe": {"tcpSocket": {"port": 81}}, "readinessProbe": {"httpGet": {"port": 81}}
            """)
        let bare = try probeRecord("shop", "bare", #"{"metadata": {"name": "bare"}, "spec": {"containers": [{"name": "a"}]}}"#)
        let options = ProbePlanOptions(periodOverride: .seconds(2))
        var plan = ProbePlan(records: [web, api, bare], options: options)
        #expect(plan.definitions == ProbePlanner.plan(records: [web, api, bare], options: options))
        #expect(plan.podCount == 2)

        let sameWeb = plan.upsert(web)
        let sameBare = plan.upsert(bare)
        #expect(!sameWeb, "an unchanged pod changes nothing")
        #expect(!sameBare)
        let moved = try probePod("shop", "web", probes: #""livenessProbe": {"tcpSocket": {"port": 8080}}"#)
        let movedChanged = plan.upsert(moved)
        #expect(movedChanged)
        #expect(plan.definitions[ProbeKey(pod: "shop/web", container: "web", kind: .liveness)]?.handler
                == .tcp(host: "10.0.0.7", port: 8080))
        let fewer = try probePod("shop", "api", probes: #""livenessProbe": {"tcpSocket": {"port": 81}}"#)
        let fewerChanged = plan.upsert(fewer)
        #expect(fewerChanged)
        #expect(plan.definitions[ProbeKey(pod: "shop/api", container: "web", kind: .readiness)] == nil)
        #expect(plan.definitions == ProbePlanner.plan(records: [moved, fewer], options: options))

        let removed = plan.remove(pod: PodKey(namespace: "shop", name: "api"))
        let removedAgain = plan.remove(pod: PodKey(namespace: "shop", name: "api"))
        #expect(removed)
        #expect(!removedAgain)
        #expect(plan.definitions.keys.map(\.pod) == ["shop/web"])
        plan.removeAll()
        #expect(plan.definitions.isEmpty)
        #expect(plan.podCount == 0)
    }

    @Test func linkLocalAndMetadataTargetsNeedAnAllowanceEvenAsThePodIP() throws {
        let metadata = try probePod(probes: #""livenessProbe": {"httpGet": {"path": "/latest/meta-data/", "port": 80}}"#,
                                    podIP: "169.254.169.254")
        #expect(liveness(metadata)?.handler == .unsupported(
            "probe target 169.254.169.254 is a link-local or metadata address; not probed (allow it with probes.allowHosts)"))
        let named = try probePod(probes: """
            "livenessProbe": {"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80,
                              "httpHeaders": [{"name": "Metadata-Flavor", "value": "Google"}]}}
            """)
        #expect(liveness(named)?.handler.name == "probe target 169.254.169.254 is a link-local or metadata address; not probed (allow it with probes.allowHosts)")
        let v6 = try probePod(probes: #""livenessProbe": {"tcpSocket": {"port": 80}}"#, podIP: "fd00:ec2::254")
        #expect(liveness(v6)?.handler.name.contains("link-local or metadata") == true)
        let mapped = try probePod(probes: #""livenessProbe": {"tcpSocket": {"port": 80, "host": "::ffff:169.254.1.1"}}"#)
        #expect(liveness(mapped)?.handler.name.contains("link-local or metadata") == true)
        let allowed = ProbePlanOptions(reach: ProbeReach(allowHosts: ["169.254.0.0/16"]))
        #expect(liveness(metadata, options: allowed)?.handler == .httpGet(HTTPGetProbe(host: "169.254.169.254", port: 80,
                                                                                       path: "/latest/meta-data/")))
    }

    @Test func aPodIPThatIsNotAnAddressAndNamedHostsAreRefused() throws {
        let name = try probePod(probes: #""livenessProbe": {"tcpSocket": {"port": 80}}"#, podIP: "metadata.google.internal")
        #expect(liveness(name)?.handler == .unsupported("status.podIP \"metadata.google.internal\" is not an IP address; not probed"))
        let elsewhere = try probePod(probes: #""livenessProbe": {"httpGet": {"host": "db.internal", "port": 5432}}"#)
        #expect(liveness(elsewhere)?.handler.name.hasPrefix("probe target db.internal is not the pod IP (10.0.0.7)") == true)
        let byName = ProbePlanOptions(reach: ProbeReach(allowHosts: ["DB.internal"]))
        #expect(liveness(elsewhere, options: byName)?.handler == .httpGet(HTTPGetProbe(host: "db.internal", port: 5432, path: "/")))
        // Naming the pod IP itself is fine.
        let same = try probePod(probes: #""livenessProbe": {"tcpSocket": {"port": 80, "host": "10.0.0.7"}}"#)
        #expect(liveness(same)?.handler == .tcp(host: "10.0.0.7", port: 80))
    }

    @Test func containersThatAreNotRunningHaveNoProbeResult() throws {
        let record = try probeRecord("search", "api-1", """
            {"metadata": {"name": "api-1", "namespace": "search"},
             "spec": {"containers": [
               {"name": "done", "livenessProbe": {"tcpSocket": {"port": 80}}},
               {"name": "waiting", "readinessProbe": {"tcpSocket": {"port": 81}}},
               {"name": "up", "livenessProbe": {"tcpSocket": {"port": 82}}}]},
             "status": {"podIP": "10.0.0.9", "containerStatuses": [
               {"name": "done", "state": {"terminated": {"reason": "Completed", "exitCode": 0}}},
               {"name": "waiting", "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
               {"name": "up", "state": {"running": {"startedAt": "2026-12-01T10:00:00Z"}}}]}}
            """)
        let probes = ProbePlanner.probes(of: record)
        #expect(probes.map(\.definition.handler) == [
            .unsupported("container done is not running (terminated: Completed, exit 0)"),
            .unsupported("container waiting is not running (waiting: CrashLoopBackOff)"),
            .tcp(host: "10.0.0.9", port: 82),
        ])
    }
}

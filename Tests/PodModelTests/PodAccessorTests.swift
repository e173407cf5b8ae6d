import Foundation
import Testing
@testable import PodModel

@Suite struct PodAccessorTests {
    @Test func readsTypedFields() throws {
        let pod = try Fixtures.pod(Fixtures.canonicalPod)
        #expect(pod.name == "web-7d9f")
        #expect(pod.namespace == "shop")
        #expect(pod.namespaceOrDefault == "shop")
        #expect(pod.uid == "0b7e2a52-8d1c-4c8e-9a3e-2f1d1b6a7c10")
        #expect(pod.labels.map(\.key) == ["app", "tier"])
        #expect(pod.labels.map(\.value) == ["web", "frontend"])
        #expect(pod.label("tier") == "frontend")
        #expect(pod.annotation("x-vendor.example.com/weight") == "1.50")
        #expect(pod.annotations.first?.value == "caf\u{E9} \u{2615} \u{65E5}\u{672C} <b>bold</b> & more")
        #expect(pod.creationTimestamp == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(pod.deletionTimestamp == nil)
        #expect(pod.phase == "Running")
        #expect(pod.podIP == "10.1.2.3")
        #expect(pod.restartPolicy == "Always")

        let containers = pod.containers
        #expect(containers.map(\.name) == ["web", "sidecar"])
        #expect(containers.map(\.index) == [0, 1])
        #expect(containers[0].image == "nginx:1.27")
        #expect(containers[0].ports == [ContainerPort(name: "http", containerPort: 8080, protocol: "TCP")])
        let probe = try #require(containers[0].livenessProbe)
        #expect(probe.handler == .httpGet(HTTPGetAction(path: "/healthz", port: .number(8080))))
        #expect(probe.periodSeconds == 5)
        #expect(probe.timeoutSeconds == 1)
        #expect(probe.failureThreshold == 3)
        #expect(probe.summary == "http-get http://:8080/healthz")
        #expect(containers[1].livenessProbe == nil)

        let statuses = pod.containerStatuses
        #expect(statuses[0].state == .running(startedAt: Date(timeIntervalSince1970: 1_714_557_605)))
        #expect(statuses[0].lastState == .terminated(reason: "OOMKilled", exitCode: 137))
        #expect(statuses[0].restartCount == 2)
        #expect(statuses[0].containerIDWithoutScheme == "4f2a")
        #expect(statuses[1].containerIDWithoutScheme == "9e8d")
        #expect(statuses[1].state == .running(startedAt: nil))
        #expect(pod.conditions == [PodCondition(json: ["type": "Ready", "status": "True", "lastTransitionTime": "2024-05-01T10:00:06Z"])])
        #expect(pod.conditions.first?.isTrue == true)
    }

    @Test func oddTypesNeverCrash() throws {
        let pod = try Pod(json: [
            "metadata": ["name": 5, "labels": ["a": 1, "b": "ok"], "creationTimestamp": "yesterday"],
            "spec": ["containers": ["not an object", ["name": ["x"], "ports": "80", "livenessProbe": "yes"]]],
            "status": ["containerStatuses": [["state": "running", "restartCount": "2"]], "conditions": 3],
        ])
        #expect(pod.name == nil)
        #expect(pod.namespace == nil)
        #expect(pod.namespaceOrDefault == "default")
        #expect(pod.labels.map(\.key) == ["b"])
        #expect(pod.creationTimestamp == nil)
        #expect(pod.containers.count == 1)
        #expect(pod.containers.first?.index == 1)
        #expect(pod.containers.first?.name == "")
        #expect(pod.containers.first?.ports == [])
        #expect(pod.containers.first?.livenessProbe?.handler == .unsupported("a probe must be an object, not string"))
        #expect(pod.containerStatuses.first?.state == .unknown)
        #expect(pod.containerStatuses.first?.restartCount == 0)
        #expect(pod.conditions.isEmpty)
        #expect(pod.statusText == "Unknown")
    }

    @Test func parsesRFC3339() {
        #expect(RFC3339.date(from: "1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.date(from: "2024-02-29T23:59:59.250Z") == Date(timeIntervalSince1970: 1_709_251_199.25))
        #expect(RFC3339.date(from: "2024-05-01T12:00:00+02:00") == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(RFC3339.date(from: "1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(RFC3339.date(from: "2023-02-29T00:00:00Z") == nil)
        #expect(RFC3339.date(from: "2024-05-01 10:00") == nil)
        #expect(RFC3339.date(from: "2024-05-01T10:00:00") == nil)
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_714_557_600.9)) == "2024-05-01T10:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func probeHandlersAndDefaults() {
        let exec = ProbeSpec(json: ["exec": ["command": ["cat", "/tmp/ok"]], "timeoutSeconds": 0, "successThreshold": 0])
        #expect(exec.handler == .exec(command: ["cat", "/tmp/ok"]))
        #expect(exec.timeoutSeconds == 1)
        #expect(exec.successThreshold == 1)
        #expect(exec.summary == "exec [cat /tmp/ok]")
        #expect(exec.timingSummary == "delay=0s timeout=1s period=10s #success=1 #failure=3")

        let tcp = ProbeSpec(json: ["tcpSocket": ["port": "metrics"], "initialDelaySeconds": 15, "failureThreshold": 5])
        #expect(tcp.handler == .tcpSocket(TCPSocketAction(port: .name("metrics"))))
        #expect(tcp.initialDelaySeconds == 15)
        #expect(tcp.failureThreshold == 5)
        #expect(tcp.summary == "tcp-socket :metrics")

        let http = ProbeSpec(json: ["httpGet": [
            "port": 8443, "scheme": "HTTPS", "host": "::1",
            "httpHeaders": [["name": "X-A", "value": "1"], ["name": "X-B", "value": "2"]],
        ]])
        guard case .httpGet(let action) = http.handler else {
            Issue.record("expected httpGet")
            return
        }
        #expect(action.path == "/")
        #expect(action.headers == [HTTPHeader(name: "X-A", value: "1"), HTTPHeader(name: "X-B", value: "2")])
        #expect(action.displayURL == "https://[::1]:8443/")
        #expect(action.url(podIP: "10.0.0.1", port: 8443) == "https://[::1]:8443/")
        #expect(HTTPGetAction(path: "ready", port: .number(80)).url(podIP: "10.0.0.1", port: 80) == "http://10.0.0.1:80/ready")

        #expect(ProbeSpec(json: ["grpc": ["port": 9000]]).handler == .grpc(port: 9000, service: nil))
        #expect(ProbeSpec(json: ["periodSeconds": 3]).handler == .none)
        #expect(ProbeSpec(json: ["tcpSocket": ["port": 1], "exec": ["command": ["x"]]]).handler == .multiple(["tcpSocket", "exec"]))
        #expect(ProbeSpec(json: ["httpGet": ["path": "/"]]).handler == .unsupported("httpGet.port must be a port number or name"))
        #expect(ProbeSpec(json: ["exec": ["command": []]]).handler == .unsupported("exec.command must be a non-empty list of strings"))
    }

    @Test func namedPortsResolveAgainstTheContainer() {
        let container = ContainerSpec(json: ["name": "c", "ports": [["name": "http", "containerPort": 8080]]], index: 0)
        #expect(PortValue.name("http").resolve(in: container) == 8080)
        #expect(PortValue.name("9090").resolve(in: container) == 9090)
        #expect(PortValue.name("nope").resolve(in: container) == nil)
        #expect(PortValue.number(1).resolve(in: container) == 1)
    }

    @Test func mutationsKeepEverythingElse() throws {
        var pod = try Fixtures.pod(Fixtures.canonicalPod)
        try pod.setImage(container: "sidecar", to: "busybox:1.36")
        #expect(pod.containers[1].image == "busybox:1.36")
        #expect(throws: PodMutationError.noSuchContainer("nope")) { try pod.setImage(container: "nope", to: "x") }
        pod.setAnnotation("note", "changed")
        pod.setAnnotation("added", "1")
        #expect(pod.annotations.map(\.key) == ["note", "x-vendor.example.com/weight", "added"])
        pod.removeLabel("app")
        pod.removeLabel("tier")
        #expect(pod.json[["metadata", "labels"]] == nil)
        pod.removeAnnotation("missing")
        pod.setLabel("fresh", "yes")
        #expect(pod.labels.map(\.key) == ["fresh"])
        let changes = JSONDiff.changes(from: try Fixtures.pod(Fixtures.canonicalPod).json, to: pod.json).map(\.path)
        #expect(changes == [
            "metadata.labels.app", "metadata.labels.tier", "metadata.labels.fresh", "metadata.annotations.note",
            "metadata.annotations.added", "spec.containers[name=sidecar].image",
        ])
    }
}

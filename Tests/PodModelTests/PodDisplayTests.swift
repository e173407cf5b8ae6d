import Foundation
import Testing
@testable import PodModel

@Suite struct PodDisplayTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let pod: JSONValue
        let status: String
        let ready: String
        let restarts: Int

        var testDescription: String { name }
    }

    static let running: JSONValue = ["running": ["startedAt": "2024-05-01T10:00:00Z"]]

    static func container(_ name: String, ready: Bool = false, restarts: Int = 0, state: JSONValue, started: Bool? = nil) -> JSONValue {
        var status: JSONValue = ["name": .string(name), "ready": .bool(ready), "restartCount": .int(restarts), "state": state]
        if let started { status.set(.bool(started), at: ["started"]) }
        return status
    }

    static func pod(
        containers: [String] = ["app"], initContainers: [JSONValue] = [], phase: String? = "Running",
        reason: String? = nil, statuses: [JSONValue] = [], initStatuses: [JSONValue] = [],
        conditions: [JSONValue] = [], deleting: Bool = false
    ) -> JSONValue {
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"]]
        pod.set(.array(containers.map { ["name": .string($0), "image": "busybox"] }), at: ["spec", "containers"])
        if !initContainers.isEmpty { pod.set(.array(initContainers), at: ["spec", "initContainers"]) }
        if let phase { pod.set(.string(phase), at: ["status", "phase"]) }
        if let reason { pod.set(.string(reason), at: ["status", "reason"]) }
        if !statuses.isEmpty { pod.set(.array(statuses), at: ["status", "containerStatuses"]) }
        if !initStatuses.isEmpty { pod.set(.array(initStatuses), at: ["status", "initContainerStatuses"]) }
        if !conditions.isEmpty { pod.set(.array(conditions), at: ["status", "conditions"]) }
        if deleting { pod.set("2024-05-01T11:00:00Z", at: ["metadata", "deletionTimestamp"]) }
        return pod
    }

    static let initSpecs: [JSONValue] = [["name": "init-a", "image": "busybox"], ["name": "init-b", "image": "busybox"]]

    static let cases: [Case] = [
        Case(name: "running and ready", pod: pod(statuses: [container("app", ready: true, state: running)]),
             status: "Running", ready: "1/1", restarts: 0),
        Case(name: "pending without statuses", pod: pod(phase: "Pending"), status: "Pending", ready: "0/1", restarts: 0),
        Case(name: "no status at all", pod: pod(phase: nil), status: "Unknown", ready: "0/1", restarts: 0),
        Case(name: "container creating", pod: pod(phase: "Pending", statuses: [container("app", state: ["waiting": ["reason": "ContainerCreating"]])]),
             status: "ContainerCreating", ready: "0/1", restarts: 0),
        Case(name: "crash loop", pod: pod(statuses: [container("app", restarts: 5, state: ["waiting": ["reason": "CrashLoopBackOff", "message": "back-off"]])]),
             status: "CrashLoopBackOff", ready: "0/1", restarts: 5),
        Case(name: "image pull back-off", pod: pod(phase: "Pending", statuses: [container("app", state: ["waiting": ["reason": "ImagePullBackOff"]])]),
             status: "ImagePullBackOff", ready: "0/1", restarts: 0),
        Case(name: "completed", pod: pod(phase: "Succeeded", statuses: [container("app", state: ["terminated": ["exitCode": 0, "reason": "Completed"]])]),
             status: "Completed", ready: "0/1", restarts: 0),
        Case(name: "error", pod: pod(phase: "Failed", statuses: [container("app", state: ["terminated": ["exitCode": 1, "reason": "Error"]])]),
             status: "Error", ready: "0/1", restarts: 0),
        Case(name: "killed by signal", pod: pod(statuses: [container("app", state: ["terminated": ["exitCode": 137, "signal": 9]])]),
             status: "Signal:9", ready: "0/1", restarts: 0),
        Case(name: "exit code without reason", pod: pod(statuses: [container("app", state: ["terminated": ["exitCode": 2]])]),
             status: "ExitCode:2", ready: "0/1", restarts: 0),
        Case(name: "first init container running", pod: pod(initContainers: initSpecs, phase: "Pending",
             initStatuses: [container("init-a", state: running), container("init-b", state: ["waiting": ["reason": "PodInitializing"]])]),
             status: "Init:0/2", ready: "0/1", restarts: 0),
        Case(name: "second init container running", pod: pod(initContainers: initSpecs, phase: "Pending",
             initStatuses: [container("init-a", state: ["terminated": ["exitCode": 0, "reason": "Completed"]]), container("init-b", state: running)]),
             status: "Init:1/2", ready: "0/1", restarts: 0),
        Case(name: "init crash loop", pod: pod(initContainers: initSpecs, phase: "Pending",
             statuses: [container("app", restarts: 9, state: ["waiting": ["reason": "PodInitializing"]])],
             initStatuses: [container("init-a", restarts: 4, state: ["waiting": ["reason": "CrashLoopBackOff"]])]),
             status: "Init:CrashLoopBackOff", ready: "0/1", restarts: 4),
        Case(name: "init error", pod: pod(initContainers: initSpecs, phase: "Failed",
             initStatuses: [container("init-a", state: ["terminated": ["exitCode": 1, "reason": "Error"]])]),
             status: "Init:Error", ready: "0/1", restarts: 0),
        Case(name: "init exit code", pod: pod(initContainers: initSpecs, phase: "Pending",
             initStatuses: [container("init-a", state: ["terminated": ["exitCode": 3]])]),
             status: "Init:ExitCode:3", ready: "0/1", restarts: 0),
        Case(name: "init signal", pod: pod(initContainers: initSpecs, phase: "Pending",
             initStatuses: [container("init-a", state: ["terminated": ["exitCode": 137, "signal": 9]])]),
             status: "Init:Signal:9", ready: "0/1", restarts: 0),
        Case(name: "terminating", pod: pod(statuses: [container("app", ready: true, state: running)], deleting: true),
             status: "Terminating", ready: "1/1", restarts: 0),
        Case(name: "deleted on a lost node", pod: pod(reason: "NodeLost", statuses: [container("app", ready: true, state: running)], deleting: true),
             status: "Unknown", ready: "1/1", restarts: 0),
        Case(name: "deleting a finished pod", pod: pod(phase: "Succeeded", statuses: [container("app", state: ["terminated": ["exitCode": 0, "reason": "Completed"]])], deleting: true),
             status: "Completed", ready: "0/1", restarts: 0),
        Case(name: "evicted", pod: pod(phase: "Failed", reason: "Evicted"), status: "Evicted", ready: "0/1", restarts: 0),
        Case(name: "one completed, one running, pod not ready", pod: pod(containers: ["job", "helper"],
             statuses: [container("job", state: ["terminated": ["exitCode": 0, "reason": "Completed"]]), container("helper", ready: true, state: running)],
             conditions: [["type": "Ready", "status": "False"]]),
             status: "NotReady", ready: "1/2", restarts: 0),
        Case(name: "one completed, one running, pod ready", pod: pod(containers: ["job", "helper"],
             statuses: [container("job", state: ["terminated": ["exitCode": 0, "reason": "Completed"]]), container("helper", ready: true, state: running)],
             conditions: [["type": "Ready", "status": "True"]]),
             status: "Running", ready: "1/2", restarts: 0),
        Case(name: "scheduling gated", pod: pod(phase: "Pending", conditions: [["type": "PodScheduled", "status": "False", "reason": "SchedulingGated"]]),
             status: "SchedulingGated", ready: "0/1", restarts: 0),
        Case(name: "sidecar counts as a container", pod: pod(
             initContainers: [["name": "proxy", "image": "envoy", "restartPolicy": "Always"]],
             statuses: [container("app", ready: true, restarts: 1, state: running)],
             initStatuses: [container("proxy", ready: true, restarts: 2, state: running, started: true)],
             conditions: [["type": "Initialized", "status": "True"]]),
             status: "Running", ready: "2/2", restarts: 3),
        Case(name: "restarts summed over containers", pod: pod(containers: ["a", "b"],
             statuses: [container("a", ready: true, restarts: 2, state: running), container("b", ready: true, restarts: 3, state: running)]),
             status: "Running", ready: "2/2", restarts: 5),
    ]

    @Test(arguments: cases)
    func matchesKubectl(_ testCase: Case) throws {
        let pod = try Pod(json: testCase.pod)
        #expect(pod.statusText == testCase.status)
        #expect(pod.readyText == testCase.ready)
        #expect(pod.restartCount == testCase.restarts)
        #expect(pod.restartsText == String(testCase.restarts))
    }

    @Test func restartsTextShowsTheLastRestart() throws {
        let pod = try Fixtures.pod(Fixtures.canonicalPod)
        let now = try #require(RFC3339.date(from: "2024-05-01T10:05:04Z"))
        #expect(pod.restartsText(now: now) == "2 (5m ago)")
        #expect(pod.age(now: now) == "5m4s")
        let fresh = try Pod(json: ["metadata": ["name": "x"]])
        #expect(fresh.restartsText(now: now) == "0")
        #expect(fresh.age(now: now) == "<unknown>")
    }

    @Test(arguments: [
        (0.0, "0s"), (-0.5, "0s"), (-1.5, "0s"), (-2, "<invalid>"), (-3600, "<invalid>"), (1.9, "1s"), (45, "45s"),
        (119, "119s"), (120, "2m"), (330, "5m30s"), (599, "9m59s"), (600, "10m"), (10_799, "179m"),
        (10_800, "3h"), (12_600, "3h30m"), (28_799, "7h59m"), (28_800, "8h"), (172_799, "47h"), (172_800, "2d"),
        (187_200, "2d4h"), (691_199, "7d23h"), (691_200, "8d"), (63_071_999, "729d"), (63_072_000, "2y"),
        (63_936_000, "2y10d"), (252_287_999, "7y364d"), (252_288_000, "8y"), (315_360_000, "10y"),
    ] as [(TimeInterval, String)])
    func humanAge(interval: TimeInterval, expected: String) {
        #expect(Pod.humanAge(interval) == expected)
    }
}

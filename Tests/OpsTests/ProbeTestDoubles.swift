@testable import Ops
import Foundation
import PodModel
import Probes
import Synchronization
import TestSupport

/// A pod record from a JSON text (fails the test on bad JSON).
func probeRecord(_ namespace: String, _ name: String, _ json: String, revision: Int64 = 1) throws -> PodRecord {
    let pod = try Pod(json: try JSONParser.parse(json))
    return PodRecord(key: PodKey(namespace: namespace, name: name), pod: pod, createRevision: 1, modRevision: revision)
}

/// A pod with one container `web` whose probe fields are `probes` (JSON members), the given
/// container ports and status.
func probePod(_ namespace: String = "shop", _ name: String = "web", probes: String,
              ports: String = #"[{"name": "http", "containerPort": 8080}]"#,
              podIP: String? = "10.0.0.7", containerID: String? = "docker://0123abcd") throws -> PodRecord {
    let ip = podIP.map { #", "podIP": "\#($0)""# } ?? ""
    let id = containerID.map { #", "containerID": "\#($0)""# } ?? ""
    return try probeRecord(namespace, name, """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "\(name)", "namespace": "\(namespace)"},
         "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "ports": \(ports), \(probes)}]},
         "status": {"phase": "Running"\(ip),
                    "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0\(id)}]}}
        """)
}

/// A prober whose outcome the test sets per handler (success by default); counts calls.
final class ScriptedProber: Prober {
    private struct State {
        var outcomes: [Probes.ProbeHandler: ProbeOutcome] = [:]
        var calls: [Probes.ProbeHandler: Int] = [:]
    }

    private let state = Mutex(State())

    /// Makes runs of `handler` answer `outcome` from now on.
    func set(_ outcome: ProbeOutcome, for handler: Probes.ProbeHandler) {
        state.withLock { $0.outcomes[handler] = outcome }
    }

    /// How often `handler` ran.
    func calls(_ handler: Probes.ProbeHandler) -> Int { state.withLock { $0.calls[handler] ?? 0 } }

    func probe(_ handler: Probes.ProbeHandler, timeout: Duration) async -> ProbeResult {
        let outcome = state.withLock { state -> ProbeOutcome in
            state.calls[handler, default: 0] += 1
            return state.outcomes[handler] ?? .success
        }
        if case .unsupported(let reason) = handler {
            return ProbeResult(outcome: .unknown, message: "unsupported probe handler: \(reason)")
        }
        return ProbeResult(outcome: outcome, message: "scripted \(outcome.rawValue)", latency: .milliseconds(2))
    }
}

/// An exec runner that answers every command with a fixed exit code and output.
struct FixedExecRunner: ExecRunner {
    var exitCode = 0
    var output = "ok\n"

    func exec(containerID: String, owner: ContainerOwner?, command: [String], timeout: Duration) async throws -> (exitCode: Int, output: String) {
        (exitCode, output)
    }
}

/// A scheduler's updates, handed out oldest first.
typealias ProbeUpdateCollector = StreamCollector<ProbeUpdate>

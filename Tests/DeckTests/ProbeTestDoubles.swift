@testable import Deck
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

    func exec(containerID: String, command: [String], timeout: Duration) async throws -> (exitCode: Int, output: String) {
        (exitCode, output)
    }
}

/// Collects a scheduler's updates and hands them out oldest first, waiting (with a wall-clock
/// deadline, so a broken scheduler fails the test instead of hanging it) when none matches yet.
actor ProbeUpdateCollector {
    private var pending: [ProbeUpdate] = []
    private typealias Waiter = (predicate: @Sendable (ProbeUpdate) -> Bool,
                                continuation: CheckedContinuation<ProbeUpdate, any Error>)
    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0

    init(_ stream: AsyncStream<ProbeUpdate>) {
        Task { await self.read(stream) }
    }

    private func read(_ stream: AsyncStream<ProbeUpdate>) async {
        for await update in stream { push(update) }
    }

    private func push(_ update: ProbeUpdate) {
        for (id, waiter) in waiters.sorted(by: { $0.key < $1.key }) where waiter.predicate(update) {
            waiters[id] = nil
            waiter.continuation.resume(returning: update)
            return
        }
        pending.append(update)
    }

    /// The oldest update not taken yet that matches `predicate`; throws after `deadline`.
    func next(deadline: Duration = .seconds(30),
              where predicate: @escaping @Sendable (ProbeUpdate) -> Bool) async throws -> ProbeUpdate {
        if let index = pending.firstIndex(where: predicate) { return pending.remove(at: index) }
        nextID += 1
        let id = nextID
        let timer = Task {
            try? await Task.sleep(for: deadline)
            self.expire(id)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiters[id] = (predicate, continuation)
        }
    }

    /// Updates received and not taken yet.
    var untaken: [ProbeUpdate] { pending }

    private func expire(_ id: UInt64) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(throwing: TestSupportError("no matching probe update within the deadline"))
    }
}

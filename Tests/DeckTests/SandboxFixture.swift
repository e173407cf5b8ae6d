@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Probes

/// The pods the sandbox seeds (300 by default), as the dashboard would hold them at `fixedNow`.
func sandboxRows(count: Int = 300, namespace: String? = nil) -> [PodRow] {
    let factory = SeedPodFactory()
    var rows: [PodRow] = []
    for i in 0..<count {
        let (key, json) = factory.pod(i, now: fixedNow)
        if let namespace, key.namespace != namespace { continue }
        rows.append(PodRow(PodRecord(key: key, pod: try! Pod(json: json), createRevision: 1, modRevision: Int64(i + 2))))
    }
    return rows
}

/// Liveness updates for `rows`: every seventh pod (from the fourth on) fails 3/3, the rest pass.
func sandboxProbeUpdates(_ rows: [PodRow], failing: (Int) -> Bool = { $0 % 7 == 3 }) -> [ProbeUpdate] {
    var updates: [ProbeUpdate] = []
    for (n, row) in rows.enumerated() {
        let key = ProbeKey(pod: row.key.description, container: "app", kind: .liveness)
        let definition = try! ProbeDefinition(handler: .httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: "/healthz")),
                                              failureThreshold: 3)
        var tracker = ProbeTracker(kind: .liveness, definition: definition)
        updates.append(ProbeUpdate(key: key, event: .started, tracker: tracker, definition: definition))
        for k in 1...3 {
            let result = ProbeResult(outcome: failing(n) ? .failure : .success, message: "", latency: .milliseconds(3),
                                     at: ProbeInstant(offset: .seconds(10 * k)))
            let transition = tracker.record(result)
            updates.append(ProbeUpdate(key: key, event: .result, tracker: tracker, transition: transition, definition: definition))
        }
    }
    return updates
}

/// A dashboard over the sandbox's pods, with live probes and a watch, as a new user sees it.
func sandboxState(width: Int, height: Int, namespace: String? = nil, wide: Bool = false) -> AppState {
    var s = makeState(width: width, height: height, namespace: namespace)
    let rows = sandboxRows(namespace: namespace)
    send(&s, delta(rows, replacesAll: true, revision: 400))
    send(&s, .watchState(active: true, generation: 0))
    send(&s, .probeUpdates(sandboxProbeUpdates(rows)))
    if wide { send(&s, .key(.char("w"))) }
    return s
}

@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen

let fixedNow = Date(timeIntervalSince1970: 1_800_000_000)

/// A pod row made from a small JSON pod.
func makeRow(_ namespace: String, _ name: String, phase: String = "Running", ready: Bool = true, restarts: Int = 0,
             ageSeconds: TimeInterval = 3600, labels: [String: String] = [:], image: String = "nginx:1.25",
             revision: Int64 = 1) -> PodRow {
    var labelObject: JSONValue = [:]
    for (k, v) in labels.sorted(by: { $0.key < $1.key }) { labelObject.set(.string(v), at: [k]) }
    let json: JSONValue = [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labelObject,
                     "creationTimestamp": .string(RFC3339Text.format(fixedNow.addingTimeInterval(-ageSeconds)))],
        "spec": ["nodeName": "node-1", "containers": [["name": "app", "image": .string(image)]]],
        "status": ["phase": .string(phase), "podIP": "10.0.0.1",
                   "containerStatuses": [["name": "app", "ready": .bool(ready), "restartCount": .int(restarts),
                                          "state": phase == "Running" ? ["running": [:]] : ["waiting": ["reason": "ContainerCreating"]]]]],
    ]
    let pod = try! Pod(json: json)
    return PodRow(PodRecord(key: PodKey(namespace: namespace, name: name), pod: pod, createRevision: 1, modRevision: revision))
}

func makeState(width: Int = 120, height: Int = 40, namespace: String? = nil) -> AppState {
    AppState(now: fixedNow, size: Size(width: width, height: height), namespace: namespace, theme: .fallback,
             readonly: false, pollInterval: .seconds(2))
}

func delta(_ rows: [PodRow], deletions: [PodKey] = [], replacesAll: Bool = false, revision: Int64 = 10,
           generation: Int = 0, at: Date = fixedNow) -> Msg {
    .synced(SyncDelta(upserts: rows, deletions: deletions, unreadable: nil, revision: revision, endpoint: "127.0.0.1:2379",
                      replacesAll: replacesAll, at: at, generation: generation))
}

/// Applies messages in order, returning all effects.
@discardableResult
func send(_ state: inout AppState, _ msgs: Msg...) -> [Effect] {
    msgs.flatMap { DeckUpdate.update(&state, $0) }
}

func keys(_ text: String) -> [Msg] { text.map { .key(.char($0)) } }

func visibleNames(_ state: AppState) -> [String] {
    (0..<state.list.visible.count).map { state.list.entry(atVisible: $0).row.key.name }
}

func screenLines(_ state: AppState) -> [String] {
    DeckRenderer.render(state).lines(trimmingTrailingSpaces: true)
}

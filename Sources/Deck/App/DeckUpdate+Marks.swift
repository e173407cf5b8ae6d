import Foundation
import Ops
import PodModel
import Screen
import TerminalText

extension DeckUpdate {
    /// `space`, `Ctrl-Space`, `Ctrl-\`: mark the selected pod, the range from the last mark, none.
    static func markIntent(_ state: inout AppState, _ intent: Intent) {
        switch intent {
        case .toggleMark:
            guard let key = state.selectedKey, let entry = state.list.entry(for: key), !entry.deleted else { return }
            state.marks.toggle(key)
            moveSelection(&state, by: 1)
        case .markRange:
            guard let key = state.selectedKey, !state.list.visible.isEmpty else { return }
            let keys = (0..<state.list.visible.count).map { state.list.entry(atVisible: $0) }
            guard let here = keys.firstIndex(where: { $0.row.key == key }) else { return }
            let from = state.marks.last.flatMap { last in keys.firstIndex { $0.row.key == last } } ?? here
            let range = min(from, here)...max(from, here)
            state.marks.mark(keys[range].filter { !$0.deleted }.map(\.row.key), last: key)
        case .clearMarks:
            state.marks.clear()
        default:
            break
        }
    }

    /// Drops the marks of pods that are gone.
    static func pruneMarks(_ state: inout AppState) {
        guard !state.marks.isEmpty else { return }
        let list = state.list
        state.marks.prune { key in list.entry(for: key).map { !$0.deleted } ?? false }
    }

    /// The marked pods as shown (key and revision), in the list's order of keys.
    static func shownMarks(_ state: AppState) -> [ShownPod] {
        state.marks.keys.sorted().compactMap { key in
            guard let entry = state.list.entry(for: key), !entry.deleted else { return nil }
            return ShownPod(key: key, revision: entry.row.revision)
        }
    }

    /// The confirmation before deleting the marked pods.
    static func confirmBulkDelete(_ state: inout AppState) {
        let shown = shownMarks(state)
        guard !shown.isEmpty else { return }
        let request = BulkRequest(action: .delete, pods: shown)
        state.confirm = ConfirmState(
            title: "Delete \(shown.count) marked pod\(shown.count == 1 ? "" : "s")",
            body: ["Delete these pods in one transaction, only if every one is still at the revision shown:"]
                + podLines(shown) + ["", "Enter or y: delete all     Esc or n: keep them"],
            action: .bulk(request))
    }

    /// One line per pod (at most 10, then a count).
    static func podLines(_ pods: [ShownPod]) -> [String] {
        var lines = pods.prefix(10).map { "  \(Sanitizer.clean($0.key.description)) (revision \($0.revision))" }
        if pods.count > 10 { lines.append("  … and \(pods.count - 10) more") }
        return lines
    }

    /// `:label`, `:annotate`, `:set image` on the marked pods: one transaction.
    static func bulkPatch(_ state: inout AppState, _ patch: QuickPatch) -> [Effect] {
        let shown = shownMarks(state)
        state.busy = "\(patch) on \(shown.count) marked pod\(shown.count == 1 ? "" : "s")…"
        return [.edit(.bulk(BulkRequest(action: .patch([patch]), pods: shown)))]
    }

    /// What the engine said about a bulk action that did not go through as asked.
    static func bulkEvent(_ state: inout AppState, _ event: BulkEvent) {
        state.busy = nil
        switch event {
        case .changed(let request, let changed):
            let byKey = Dictionary(changed.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let retry = request.pods.compactMap { pod -> ShownPod? in
                guard let c = byKey[pod.key] else { return pod }
                return c.currentRevision.map { ShownPod(key: pod.key, revision: $0) }
            }
            var body = ["Nothing was written: \(changed.count) pod\(changed.count == 1 ? "" : "s") changed since shown:"]
            body += changed.prefix(10).map { "  " + Sanitizer.clean($0.summary) }
            if changed.count > 10 { body.append("  … and \(changed.count - 10) more") }
            guard !retry.isEmpty else {
                state.message = StatusMessage(text: "nothing written: every pod changed or is gone", kind: .warning, until: state.now + 8)
                return
            }
            body += ["", "Retry on the current versions — \(request.action) of \(retry.count) pod\(retry.count == 1 ? "" : "s"):"]
            body += podLines(retry)
            body += ["", "Enter or y: retry     Esc or n: write nothing"]
            state.confirm = ConfirmState(title: "Pods changed — retry on current versions?", body: body,
                                         action: .bulk(BulkRequest(action: request.action, pods: retry, allowChunks: request.allowChunks)))
        case .tooLarge(let request, let pods, let chunks, let maxOps):
            state.confirm = ConfirmState(
                title: "More than one transaction holds",
                body: ["\(pods) pods need \(chunks) transactions: etcd allows \(maxOps) operations per transaction (--max-txn-ops) and limits the request size.",
                       "Nothing has been written.",
                       "Proceed in atomic chunks of up to \(maxOps) pods? Each chunk is all or nothing; a conflict stops at its chunk.",
                       "", "Enter or y: proceed in chunks     Esc or n: write nothing"],
                action: .bulk(BulkRequest(action: request.action, pods: request.pods, allowChunks: true)))
        }
    }
}

import Etcd
import Foundation
import Ops
import PodModel

extension EditDriver {
    /// Deletes or patches the marked pods in one transaction. A delete acts only on the
    /// revisions shown: a pod that moved since is reported (nothing written) and the operator
    /// may retry on the current versions. A patch is made on the current pods and retried on a
    /// conflict. Too many pods for one transaction are reported before anything is written.
    func bulk(_ request: BulkRequest) async {
        let verb = request.action.verb
        if settings.readonly { return finish(ReadOnly.refusal(request.action == .delete ? "delete" : "patch").description, .error) }
        report(.busy("\(request.action) of \(request.pods.count) pod\(request.pods.count == 1 ? "" : "s")…"))
        let read: (records: [PodRecord], missing: [PodKey])
        do { read = try await store.getMany(request.pods.map(\.key)) } catch {
            return finish("nothing written: \(error.description)", .error)
        }
        var records = read.records
        if request.action == .delete {
            let shown = Dictionary(request.pods.map { ($0.key, $0.revision) }, uniquingKeysWith: { a, _ in a })
            var changed: [ChangedPod] = read.missing.map { ChangedPod(key: $0, expectedRevision: shown[$0] ?? 0, currentRevision: nil, current: nil) }
            for record in records where record.modRevision != shown[record.key] {
                changed.append(ChangedPod(key: record.key, expectedRevision: shown[record.key] ?? 0,
                                          currentRevision: record.modRevision, current: record))
            }
            if !changed.isEmpty { return report(.bulk(.changed(request, changed: changed))) }
        } else {
            records = records.filter { !read.missing.contains($0.key) }
        }
        let operation = BulkOperation(action: request.action, retries: request.action == .delete ? 0 : 5, allowChunks: request.allowChunks)
        switch await operation.run(store: store, records: records, readonly: settings.readonly) {
        case .done(let report):
            var parts = ["\(report.written.count) pod\(report.written.count == 1 ? "" : "s") \(verb)"]
            if report.revisions.count == 1 {
                parts[0] += " in one transaction at revision \(report.revisions[0])"
            } else if report.revisions.count > 1 {
                parts[0] += " in \(report.revisions.count) transactions"
            }
            if !report.unchanged.isEmpty { parts.append("\(report.unchanged.count) already so") }
            let gone = report.gone.count + (request.action == .delete ? 0 : read.missing.count)
            if gone > 0 { parts.append("\(gone) gone meanwhile") }
            if report.conflicts > 0 { parts.append("after \(report.conflicts) conflict\(report.conflicts == 1 ? "" : "s")") }
            finish(parts.joined(separator: ", "))
        case .conflict(let changed, let done):
            if request.action == .delete && done.revisions.isEmpty {
                report(.bulk(.changed(request, changed: changed)))
            } else {
                finish("stopped: \(changed.map(\.summary).joined(separator: ", ")) kept changing; \(done.written.count) written before", .error)
            }
        case .tooLarge(let pods, let chunks, let limits):
            report(.bulk(.tooLarge(request, pods: pods, chunks: chunks, maxOps: limits.maxOps)))
        case .invalid(let lines, _):
            finish("nothing written: " + lines.joined(separator: "; "), .error)
        case .failed(let text, _):
            finish(text, .error)
        }
    }
}

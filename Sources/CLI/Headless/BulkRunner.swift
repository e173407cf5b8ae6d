import Etcd
import Foundation
import Ops
import PodModel

/// Which pods a headless bulk command acts on: named ones, or those a selector picks.
public enum BulkTarget: Sendable {
    /// These pods; every one must exist.
    case names([PodKey])
    /// The pods of `namespace` (every namespace when nil) whose labels match `selector`
    /// (every pod when nil).
    case selector(LabelSelector?, namespace: String?)
}

/// `poddeck delete|label|annotate pods …`: one transaction for every pod chosen (or atomic
/// chunks with `--chunk`), compare-and-swap on each pod's revision.
public enum BulkRunner {
    /// Runs `operation` on the pods `target` names. With `dryRun`, prints what would change and
    /// writes nothing.
    public static func run(store: PodStore, target: BulkTarget, operation: BulkOperation, dryRun: Bool, readonly: Bool,
                           console: Console) async throws(CommandFailure) {
        if readonly && !dryRun { throw ReadOnly.refusal(operation.action == .delete ? "delete" : "patch") }
        let records = try await select(store: store, target: target, console: console)
        if records.isEmpty {
            console.err("No resources found")
            return
        }
        if dryRun { return try await printDryRun(store: store, records: records, operation: operation, console: console) }
        let outcome = await operation.run(store: store, records: records, readonly: readonly)
        switch outcome {
        case .done(let report):
            printReport(report, action: operation.action, console: console)
        case .conflict(let changed, let report):
            printReport(report, action: operation.action, console: console, quietIfEmpty: true)
            var lines = ["conflict: \(count(changed.count)) changed since \(changed.count == 1 ? "it was" : "they were") read: "
                         + changed.map(\.summary).joined(separator: ", ")
                         + "; nothing written by this transaction"]
            if report.conflicts > 0 { lines.append("gave up after \(report.conflicts) retr\(report.conflicts == 1 ? "y" : "ies") (--retries \(operation.retries))") }
            if !report.revisions.isEmpty {
                lines.append("\(count(report.written.count)) were already written by earlier chunks (revisions \(report.revisions.map(String.init).joined(separator: ", ")))")
            }
            throw CommandFailure(.conflict, lines)
        case .tooLarge(let pods, let chunks, let limits):
            throw CommandFailure(.usage, tooLargeLines(pods: pods, chunks: chunks, limits: limits))
        case .invalid(let lines, let report):
            printReport(report, action: operation.action, console: console, quietIfEmpty: true)
            throw CommandFailure(.invalid, lines + ["nothing written by this transaction"])
        case .failed(let message, let report):
            printReport(report, action: operation.action, console: console, quietIfEmpty: true)
            throw CommandFailure(.runtime, message)
        }
    }

    /// The explanation when one transaction cannot hold every pod.
    public static func tooLargeLines(pods: Int, chunks: Int, limits: BulkLimits) -> [String] {
        ["\(count(pods)) need \(chunks) transactions: etcd allows \(limits.maxOps) operations (--max-txn-ops) and \(limits.maxBytes) bytes (--max-request-bytes) per transaction; nothing written",
         "pass --chunk to proceed in atomic chunks of up to \(limits.maxOps) pods (each chunk all or nothing), or --max-txn-ops N if your etcd allows more"]
    }

    static func count(_ n: Int) -> String { n == 1 ? "1 pod" : "\(n) pods" }

    /// The records `target` names, read at one revision.
    static func select(store: PodStore, target: BulkTarget, console: Console) async throws(CommandFailure) -> [PodRecord] {
        switch target {
        case .names(let keys):
            let read: (records: [PodRecord], missing: [PodKey])
            do { read = try await store.getMany(keys) } catch { throw CommandFailure(.runtime, error.description) }
            if !read.missing.isEmpty {
                throw CommandFailure(.notFound, "\(read.missing.count == 1 ? "pod" : "pods") not found: \(read.missing.map(\.description).joined(separator: ", ")); nothing written")
            }
            return read.records
        case .selector(let selector, let namespace):
            let listing: PodListing
            do { listing = try await store.list(namespace: namespace) } catch { throw CommandFailure(.runtime, error.description) }
            if !listing.unreadable.isEmpty {
                console.err("warning: \(listing.unreadable.count) unreadable \(listing.unreadable.count == 1 ? "entry" : "entries") skipped (poddeck get pods lists them)")
            }
            guard let selector else { return listing.records }
            return listing.records.filter { selector.matches($0.pod.labels) }
        }
    }

    static func line(_ key: PodKey, _ action: BulkAction) -> String {
        action == .delete ? "pod \"\(key.name)\" deleted (namespace \(key.namespace))" : "pod/\(key.name) \(action.verb) (namespace \(key.namespace))"
    }

    static func printReport(_ report: BulkReport, action: BulkAction, console: Console, quietIfEmpty: Bool = false) {
        for key in report.written { console.out(line(key, action)) }
        for key in report.unchanged { console.out("pod/\(key.name) unchanged (namespace \(key.namespace))") }
        for key in report.gone { console.out("pod/\(key.name) was deleted meanwhile (namespace \(key.namespace))") }
        if report.revisions.isEmpty { return }
        let note = report.conflicts > 0 ? " after \(report.conflicts) conflict\(report.conflicts == 1 ? "" : "s")" : ""
        if report.revisions.count == 1 {
            console.out("\(count(report.written.count)) \(action.verb) in one transaction at revision \(report.revisions[0])\(note)")
        } else {
            console.out("\(count(report.written.count)) \(action.verb) in \(report.revisions.count) transactions at revisions \(report.revisions.map(String.init).joined(separator: ", "))\(note)")
        }
    }

    static func printDryRun(store: PodStore, records: [PodRecord], operation: BulkOperation,
                            console: Console) async throws(CommandFailure) {
        let planned = operation.plan(records)
        if !planned.invalid.isEmpty { throw CommandFailure(.invalid, planned.invalid + ["nothing written (dry run)"]) }
        let byKey = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for change in planned.changes {
            var text = line(change.key, operation.action) + " (dry run, revision \(change.baseRevision))"
            if case .patch(let patches) = operation.action, let pod = byKey[change.key]?.pod {
                var current = pod
                var parts: [String] = []
                for patch in patches {
                    if let part = patch.change(on: current) { parts.append(part) }
                    current = (try? patch.applied(to: current)) ?? current
                }
                text += ": " + parts.joined(separator: ", ")
            }
            console.out(text)
        }
        for key in planned.unchanged { console.out("pod/\(key.name) unchanged (namespace \(key.namespace), dry run)") }
        let chunks: Int
        do { chunks = try await operation.transactions(store: store, records: records) } catch { throw CommandFailure(.runtime, error.description) }
        let summary = "\(count(planned.changes.count)) would be \(operation.action.verb)"
        if chunks > 1 {
            console.out(summary + " in \(chunks) transactions of up to \(operation.limits.maxOps) pods" + (operation.allowChunks ? "" : " (needs --chunk)"))
        } else if !planned.changes.isEmpty {
            console.out(summary + " in one transaction; nothing written (dry run)")
        }
    }
}

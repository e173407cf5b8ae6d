import ArgumentParser
import CLI
import Deck
import Ops

/// Options the bulk commands (delete, label, annotate) share.
struct BulkOptions: ParsableArguments {
    @Option(name: [.short, .customLong("selector")], help: "Act on the pods whose labels match, as in kubectl: k=v, k!=v, 'k in (a,b)', k, !k, comma-separated.")
    var labelSelector: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "With -l: pods of every namespace.")
    var allNamespaces = false
    @Flag(name: .customLong("dry-run"), help: "Print what would change; write nothing.")
    var dryRun = false
    @Option(help: "Transactions sent again on the current pods after a failed compare (0: exit 4 naming the pods that changed).")
    var retries: Int = 5
    @Flag(help: "When one transaction cannot hold every pod (--max-txn-ops, request size), proceed in atomic chunks of the allowed size.")
    var chunk = false
    @Option(name: .customLong("max-txn-ops"), help: "The server's --max-txn-ops: the most pods in one transaction.")
    var maxTxnOps: Int = 128

    /// The selector, parsed (a bad one is a usage error, found before etcd is contacted).
    func selector() throws -> LabelSelector? {
        guard let labelSelector else { return nil }
        do throws(SelectorError) { return try LabelSelector(parsing: labelSelector) } catch {
            throw CommandFailure(.usage, error.description)
        }
    }

    /// The operation these options describe.
    func operation(_ action: BulkAction) throws -> BulkOperation {
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
        guard maxTxnOps >= 1 else { throw ValidationError("--max-txn-ops must be 1 or more") }
        return BulkOperation(action: action, retries: retries, limits: BulkLimits(maxOps: maxTxnOps), allowChunks: chunk)
    }

    /// The pods named, or those the selector picks (in `-n`'s namespace, or all with `-A`).
    func target(names: [String], in session: HeadlessSession) throws -> BulkTarget {
        let selector = try selector()
        if names.isEmpty {
            guard selector != nil else { throw ValidationError("name the pods (NAME… or NS/NAME…) or choose them with -l SELECTOR") }
            return .selector(selector, namespace: allNamespaces ? nil : session.settings.effectiveNamespace)
        }
        guard selector == nil else { throw ValidationError("give pod names or -l SELECTOR, not both") }
        return .names(try names.map { try PodArguments.key($0, in: session) })
    }
}

import ArgumentParser
import CLI
import Deck
import Foundation
import Ops

struct GetCommand: AsyncParsableCommand, SettingsCommand {
    static let settingGroups: Set<SettingGroup> = connectionGroups
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "List pods, or print one pod.",
        discussion: "poddeck get pods [-n NS | -A] [-l SELECTOR] [-o table|wide|json|yaml|name]\npoddeck get pod NS/NAME [-o json|yaml|wide|proto]  (proto: the stored bytes, for poddeck decode)")

    @Argument(help: "pods | pod") var resource: String
    @Argument(help: "NS/NAME (or NAME with -n) for a single pod.") var name: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace.") var allNamespaces = false
    @Option(name: [.short, .customLong("selector")], help: "Label selector as in kubectl: k=v, k==v, k!=v, 'k in (a,b)', 'k notin (a,b)', k, !k, comma-separated.") var labelSelector: String?
    @Option(name: [.short, .long], help: "Output: table, wide, json, yaml, name; proto for one pod (its stored bytes).") var output: String = "table"

    func run() async throws {
        guard let format = OutputFormat(rawValue: output) else {
            throw ValidationError("-o must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try PodArguments.requirePods(resource)
        // A bad selector is a usage error, found before etcd is contacted.
        var selector: LabelSelector?
        if let labelSelector {
            do throws(SelectorError) { selector = try LabelSelector(parsing: labelSelector) } catch {
                throw CommandFailure(.usage, error.description)
            }
        }
        try await CommandSettings.withSession { session in
            if let name {
                try await GetRunner.one(store: session.store, key: try PodArguments.key(name, in: session), format: format,
                                        console: session.console)
            } else {
                let ns = allNamespaces ? nil : session.settings.effectiveNamespace
                try await GetRunner.list(store: session.store, namespace: ns, selector: selector, format: format,
                                         console: session.console)
            }
        }
    }
}

import Ops
import PodModel

/// `poddeck history pod NS/NAME [--diff] [-o table|json|yaml]`.
public enum HistoryRunner {
    /// Prints the versions etcd still holds for `key`, newest first.
    public static func run(store: PodStore, key: PodKey, diff: Bool, format: HistoryFormat, limit: Int,
                           console: Console) async throws(CommandFailure) {
        let history: PodHistory
        do { history = try await PodHistory.load(store: store, key: key, limit: limit) } catch {
            switch error {
            case .notFound: throw CommandFailure(.notFound, "pod \(Sanitize.line(key.description)) not found (no key \(Sanitize.line(key.etcdKey(prefix: store.prefix))))")
            case .etcd(let e): throw CommandFailure(.runtime, e.description)
            }
        }
        switch format {
        case .table:
            console.write(table(history))
            if diff {
                for version in history.versions where !version.diff.isEmpty {
                    console.write("\n" + Sanitize.text(version.diff))
                }
                console.write("\n")
            }
            console.out(history.note)
        case .json, .yaml:
            let document = JSONValue.array(history.versions.map(entry))
            console.write(format == .json ? JSONWriter.pretty(document) + "\n" : PodYAML.render(document))
            console.err(history.note)
        }
    }

    /// The table: one row per version, newest first.
    public static func table(_ history: PodHistory) -> String {
        var rows: [[String]] = [["REVISION", "VERSION", "CHANGES"]]
        for (i, version) in history.versions.enumerated() {
            let isOldest = i == history.versions.count - 1
            rows.append([String(version.revision), String(version.version), changes(version, isOldest: isOldest, end: history.end)])
        }
        return PodPrinter.align(rows)
    }

    /// `2 fields: spec.containers[name=web].image, metadata.labels.tier` (at most three paths).
    static func changes(_ version: PodVersion, isOldest: Bool, end: PodHistory.End) -> String {
        if let problem = version.problem { return "unreadable: " + Sanitize.line(problem) }
        if version.isCreation { return "created" }
        if isOldest {
            if case .compacted = end { return "(oldest kept; earlier history compacted)" }
            return "(older versions not read)"
        }
        if version.changes.isEmpty { return "no field changed (written again)" }
        let paths = version.changedPaths.prefix(3).map { Sanitize.line($0) }
        let more = version.changes.count > 3 ? ", +\(version.changes.count - 3) more" : ""
        let n = version.changes.count
        return "\(n) field\(n == 1 ? "" : "s"): " + paths.joined(separator: ", ") + more
    }

    static func entry(_ version: PodVersion) -> JSONValue {
        var object: [(String, JSONValue)] = [
            ("revision", .int(version.revision)),
            ("version", .int(version.version)),
            ("object", version.pod?.presented() ?? .null),
            ("changedPaths", .array(version.changedPaths.map { .string($0) })),
        ]
        if let problem = version.problem { object.append(("problem", .string(problem))) }
        var value = JSONValue.emptyObject
        for (k, v) in object { value.set(v, at: [k]) }
        return value
    }
}

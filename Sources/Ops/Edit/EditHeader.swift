import KubeStorage
import PodModel

/// The comment lines PodDeck writes at the top of an edit file.
package enum EditHeader {
    /// How to save and cancel, that `#` lines are ignored, and the revision the edit is based on.
    static func intro(kind: EditSession.Kind, key: PodKey?, baseRevision: Int64?, encoding: StorageEncoding? = nil) -> [String] {
        var lines: [String]
        switch kind {
        case .edit:
            lines = ["# Editing pod \(key.map(\.description) ?? "?"), based on revision \(baseRevision ?? 0)."]
            if let encoding {
                lines += ["# Stored as \(encoding == .protobuf ? "Kubernetes protobuf" : "JSON"); saved back in the same encoding"
                          + (encoding == .protobuf ? " (fields not shown here are kept)." : ".")]
            }
        case .create(let namespace):
            lines = ["# Creating a pod in namespace \(namespace): edit the template below (name, image...)."]
        case .rollback(let revision):
            lines = ["# Rolling back pod \(key.map(\.description) ?? "?") to the version of revision \(revision), shown below.",
                     "# It replaces the current version (revision \(baseRevision ?? 0))."]
        }
        lines += [
            "# Save and quit to apply; lines starting with '#' are ignored.",
            "# To cancel, quit without changing anything, or empty the file.",
        ]
        switch kind {
        case .create:
            lines += ["# The save creates the pod only if no pod with that name exists."]
        case .edit, .rollback:
            lines += [
                "# The save lands only if the pod is still at revision \(baseRevision ?? 0); a concurrent change",
                "# to other fields is merged, a change to the same fields is shown to you.",
            ]
        }
        lines += [
            "# If something is wrong, this file reopens with the errors listed at the top and",
            "# your text kept below them.",
            "#",
        ]
        return lines
    }

    /// One `# ERROR:` line per problem.
    static func errors(_ problems: [EditProblem]) -> [String] {
        guard !problems.isEmpty else { return [] }
        let count = problems.count
        return ["# ERROR: the pod below was not saved (\(count) problem\(count == 1 ? "" : "s")); fix and save again:"]
            + problems.map { "# ERROR: " + oneLine($0.description) }
            + ["#"]
    }

    /// The conflict explanation and every contested field with base, mine and theirs.
    static func conflicts(_ report: ConflictReport) -> [String] {
        var lines = [
            "# CONFLICT: pod \(report.key) changed while you were editing it (you started from revision",
            "# CONFLICT: \(report.baseRevision); it is now at revision \(report.currentRevision)). Below is the pod as it is now,",
            "# CONFLICT: with your other changes applied.",
        ]
        if !report.conflicts.isEmpty {
            lines += [
                "# CONFLICT: Where you both changed a field, their value is kept below. The fields:",
            ]
            for conflict in report.conflicts {
                lines += [
                    "# CONFLICT:   \(oneLine(conflict.path))",
                    "# CONFLICT:     base:   \(show(conflict.base))",
                    "# CONFLICT:     mine:   \(show(conflict.mine))",
                    "# CONFLICT:     theirs: \(show(conflict.theirs))  " + (conflict.mine == conflict.theirs ? "(kept; the same change as yours)" : "(kept)"),
                ]
            }
        }
        if !report.mergeProblems.isEmpty {
            lines += ["# CONFLICT: Your changes and theirs touch different fields, but together they are invalid:"]
            lines += report.mergeProblems.map { "# CONFLICT:   " + oneLine($0) }
        }
        lines += ["# CONFLICT: Change what you need and save to write it on revision \(report.currentRevision).", "#"]
        return lines
    }

    /// A value as compact JSON (`(absent)` when missing), shortened to one readable line.
    package static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(absent)" }
        let text = value.description
        return text.count > 200 ? String(text.prefix(197)) + "..." : text
    }

    /// Keeps a comment on one line.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }
}

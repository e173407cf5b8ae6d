import Foundation
import PodModel
import TerminalText

/// Output formats of `get`.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns.
    case table
    /// Columns plus labels, QoS and containers.
    case wide
    /// JSON (a v1 List for several pods).
    case json
    /// YAML (a v1 List for several pods).
    case yaml
    /// `namespace/name` per line.
    case name
    /// The value as stored in etcd, byte for byte (one pod only).
    case proto
}

/// Prints pods the way kubectl does, with every string from etcd sanitised for the terminal.
public enum PodPrinter {
    /// Renders rows as aligned columns (3 spaces apart, like kubectl).
    public static func table(_ rows: [PodRow], unreadable: [UnreadableEntry], allNamespaces: Bool, wide: Bool, now: Date) -> String {
        var lines: [[String]] = [header(allNamespaces: allNamespaces, wide: wide)]
        lines.reserveCapacity(rows.count + unreadable.count + 1)
        for row in rows {
            lines.append(cells(row, allNamespaces: allNamespaces, wide: wide, now: now))
        }
        for entry in unreadable {
            lines.append(cells(entry, allNamespaces: allNamespaces, wide: wide))
        }
        return align(lines)
    }

    /// The table's header cells.
    package static func header(allNamespaces: Bool, wide: Bool) -> [String] {
        var header = ["NAME", "READY", "STATUS", "RESTARTS", "IMAGE", "NODE", "IP", "AGE"]
        if allNamespaces { header.insert("NAMESPACE", at: 0) }
        if wide { header += ["QOS", "CONTAINERS", "STORAGE", "LABELS"] }
        return header
    }

    /// The sanitised cells of one row.
    package static func cells(_ row: PodRow, allNamespaces: Bool, wide: Bool, now: Date) -> [String] {
        var cells = [row.key.name, row.ready, row.status, row.restartsText, row.imageText, row.node, row.ip, row.age(now: now)]
        if allNamespaces { cells.insert(row.key.namespace, at: 0) }
        if wide {
            cells += [row.qos, row.containerNames.joined(separator: ","), row.encoding.rawValue,
                      row.labels.isEmpty ? "<none>" : row.labels]
        }
        return cells.map(Sanitizer.clean)
    }

    /// The sanitised cells of a value that is not a readable pod.
    package static func cells(_ entry: UnreadableEntry, allNamespaces: Bool, wide: Bool) -> [String] {
        let name = entry.key?.name ?? entry.etcdKey
        var cells = [name, "-", entry.encryption == nil ? "Unreadable" : "Encrypted", "-", "-", "-", "-", "-"]
        if allNamespaces { cells.insert(entry.key?.namespace ?? "-", at: 0) }
        if wide {
            let storage = entry.encryption.map { "encrypted:\($0.provider)" + ($0.key.isEmpty ? "" : ":\($0.key)") } ?? "-"
            cells += ["-", "-", storage, Sanitizer.clean(entry.reason)]
        }
        return cells.map(Sanitizer.clean)
    }

    /// Aligns columns with three spaces between them; the last column is not padded.
    public static func align(_ lines: [[String]]) -> String {
        guard let columns = lines.first?.count else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for line in lines {
            for (i, cell) in line.enumerated() where i < columns - 1 {
                widths[i] = max(widths[i], DisplayWidth.of(cell))
            }
        }
        var out = ""
        for line in lines {
            for (i, cell) in line.enumerated() {
                out += cell
                if i < columns - 1 {
                    out += String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 3)
                }
            }
            out += "\n"
        }
        return out
    }

    /// A v1 List of pods as Kubernetes prints it.
    public static func list(_ records: [PodRecord], revision: Int64) -> JSONValue {
        .object([
            "apiVersion": "v1",
            "items": .array(records.map { $0.pod.presented() }),
            "kind": "List",
            "metadata": .object(["resourceVersion": .string(String(revision))]),
        ])
    }

    /// Renders one document in `format` (json or yaml).
    public static func document(_ value: JSONValue, format: OutputFormat) -> String {
        switch format {
        case .yaml: return PodYAML.render(value)
        default: return JSONWriter.pretty(value) + "\n"
        }
    }
}

import Etcd
import Foundation
import Ops
import PodModel
import TerminalText

/// `get pods` over a listing read page by page: each page is decoded, on every core, by the
/// chain that read it while the chains read on (``EtcdClient/listPaged(prefix:pageSize:revision:keysOnly:chains:transform:onPage:)``),
/// and only what the output needs is kept.
///
/// The table keeps kubectl's layout: column widths are those of the widest cell over all rows
/// (kubectl also aligns the whole listing, even when it reads it in chunks), so the table is
/// written once the last page is in; until then only each row's short cell strings are held,
/// never the documents. JSON is written as each page is decoded.
enum GetListing {
    /// Decodes one value into a row (``PodRowDecoder``).
    static func row(_ kv: KeyValue, prefix: String) -> Result<PodRow, UnreadableEntry> {
        PodRowDecoder.row(kv, prefix: prefix)
    }

    /// Runs `body` over `kvs` split into one slice per core, results in order.
    static func parallel<T: Sendable>(_ kvs: [KeyValue], _ body: @escaping @Sendable (ArraySlice<KeyValue>) -> T) async -> [T] {
        let workers = Parallelism.workers
        guard kvs.count >= 64, workers > 1 else { return [body(kvs[...])] }
        let chunk = (kvs.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, T).self) { group in
            for w in 0..<workers {
                let lower = w * chunk
                let upper = min(kvs.count, lower + chunk)
                guard lower < upper else { continue }
                group.addTask { (w, body(kvs[lower..<upper])) }
            }
            var parts: [(Int, T)] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    // MARK: Table

    /// Rows of one page as table cells.
    struct TablePart: Sendable {
        var cells: [String] = []
        var widths: [Int32] = []
        var unreadable: [UnreadableEntry] = []
        var names: [String] = []
    }

    /// Cells of every row, flat, with their display widths.
    struct TableBuilder {
        let columns: Int
        var cells: [String] = []
        var widths: [Int32] = []
        var columnWidths: [Int]

        init(header: [String]) {
            columns = header.count
            columnWidths = Array(repeating: 0, count: header.count)
            add(header, widths: header.map { Int32(DisplayWidth.of($0)) })
        }

        mutating func add(_ rowCells: [String], widths rowWidths: [Int32]) {
            cells.append(contentsOf: rowCells)
            widths.append(contentsOf: rowWidths)
            for i in 0..<(columns - 1) { columnWidths[i] = max(columnWidths[i], Int(rowWidths[i])) }
        }

        mutating func add(_ part: TablePart) {
            cells.append(contentsOf: part.cells)
            widths.append(contentsOf: part.widths)
            var index = 0
            while index < part.widths.count {
                for i in 0..<(columns - 1) { columnWidths[i] = max(columnWidths[i], Int(part.widths[index + i])) }
                index += columns
            }
        }

        var rowCount: Int { cells.count / columns - 1 }

        /// Writes the aligned table as ``PodPrinter/align(_:)`` does, in chunks.
        func write(to console: Console) {
            var out: [UInt8] = []
            out.reserveCapacity(1 << 17)
            var index = 0
            while index < cells.count {
                for i in 0..<columns {
                    var cell = cells[index + i]
                    cell.withUTF8 { out.append(contentsOf: $0) }
                    if i < columns - 1 {
                        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: columnWidths[i] - Int(widths[index + i]) + 3))
                    }
                }
                out.append(UInt8(ascii: "\n"))
                index += columns
                if out.count >= 1 << 16 {
                    console.writeRaw(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            if !out.isEmpty { console.writeRaw(out) }
        }
    }

    /// The table (or, with `namesOnly`, `namespace/name` lines) of every pod that `selector`
    /// matches, read page by page.
    static func table(store: PodStore, namespace: String?, selector: LabelSelector?, wide: Bool, namesOnly: Bool,
                      console: Console, now: Date) async throws(CommandFailure) {
        let allNamespaces = namespace == nil
        let header = PodPrinter.header(allNamespaces: allNamespaces, wide: wide)
        var table = TableBuilder(header: header)
        var names: [String] = []
        var unreadable: [UnreadableEntry] = []
        let prefix = store.prefix
        var restarts = 0
        while true {
            do throws(EtcdError) {
                // The table is printed once every row is in: the chains read on while earlier
                // pages are handed over.
                _ = try await store.etcd.listPaged(prefix: store.listPrefix(namespace: namespace), pace: .transform,
                                                   transform: { page in
                    await parallel(page.kvs) { slice in
                        tablePart(slice, prefix: prefix, selector: selector, namesOnly: namesOnly, columns: header.count,
                                  allNamespaces: allNamespaces, wide: wide, now: now)
                    }
                }) { _, parts in
                    for part in parts {
                        if namesOnly { names.append(contentsOf: part.names) } else { table.add(part) }
                        unreadable.append(contentsOf: part.unreadable)
                    }
                }
                break
            } catch {
                // A compaction that overtakes the pinned revision starts the listing again, as
                // `EtcdClient.list` does: nothing has been printed yet.
                guard error.kind == .compacted && restarts < 3 else { throw CommandFailure(.runtime, error.description) }
                restarts += 1
                table = TableBuilder(header: header)
                names = []
                unreadable = []
            }
        }
        warnUnreadable(unreadable, selector: selector, console: console, limit: namesOnly ? nil : tableWarnings)
        if namesOnly {
            var out = ""
            for name in names { out += name; out += "\n" }
            console.write(out)
            return
        }
        if table.rowCount == 0 && (selector != nil || unreadable.isEmpty) {
            console.err(namespace.map { "No pods found in \($0) namespace." } ?? "No pods found.")
            return
        }
        if selector == nil {
            for entry in unreadable {
                let cells = PodPrinter.cells(entry, allNamespaces: allNamespaces, wide: wide)
                table.add(cells, widths: cells.map { Int32(DisplayWidth.of($0)) })
            }
        }
        table.write(to: console)
    }

    /// The table cells (or names) of the pods in `slice` that `selector` matches.
    static func tablePart(_ slice: ArraySlice<KeyValue>, prefix: String, selector: LabelSelector?, namesOnly: Bool,
                          columns: Int, allNamespaces: Bool, wide: Bool, now: Date) -> TablePart {
        var part = TablePart()
        if !namesOnly {
            part.cells.reserveCapacity(slice.count * columns)
            part.widths.reserveCapacity(slice.count * columns)
        }
        for kv in slice {
            switch row(kv, prefix: prefix) {
            case .success(let row):
                if let selector, !selector.matches(row.labelPairs) { continue }
                if namesOnly {
                    part.names.append(Sanitize.text("\(row.key.namespace)/\(row.key.name)"))
                    continue
                }
                let cells = PodPrinter.cells(row, allNamespaces: allNamespaces, wide: wide, now: now)
                part.cells.append(contentsOf: cells)
                for cell in cells { part.widths.append(Int32(DisplayWidth.of(cell))) }
            case .failure(let entry):
                part.unreadable.append(entry)
            }
        }
        return part
    }

    /// How many unreadable values a table warns about one by one; every one of them has a row.
    static let tableWarnings = 20

    /// One warning per value that is not a readable pod (none with a selector: it matches only
    /// readable pods). With `limit`, the warnings after the first `limit` are one line that
    /// counts them: the output lists each of them anyway (the table's rows).
    static func warnUnreadable(_ entries: [UnreadableEntry], selector: LabelSelector?, console: Console, limit: Int? = nil) {
        guard selector == nil else { return }
        for u in entries.prefix(limit ?? entries.count) {
            let state = u.encryption == nil ? "is unreadable" : "is listed, not shown"
            console.err("warning: \(Sanitize.line(u.etcdKey)) \(state): \(Sanitize.line(u.reason))")
        }
        if let limit, entries.count > limit {
            console.err("warning: \(entries.count - limit) more values under the prefix are not readable pods; each has a row below")
        }
    }

    // MARK: JSON

    /// A v1 List of every pod `selector` matches, as ``PodPrinter/list(_:revision:)`` renders it,
    /// written page by page. Warnings about unreadable values are printed as their page is read.
    static func json(store: PodStore, namespace: String?, selector: LabelSelector?, console: Console) async throws(CommandFailure) {
        var list = ListWriter()
        var opened = false
        let prefix = store.prefix
        let revision: Int64
        do throws(EtcdError) {
            // Two chains, not eight: each page's JSON waits in memory until the pages before it
            // are written, and making the JSON, not reading, is what takes the time here.
            revision = try await store.etcd.listPaged(prefix: store.listPrefix(namespace: namespace), chains: 2,
                                                      transform: { page in
                await parallel(page.kvs) { slice in jsonPart(slice, prefix: prefix, selector: selector) }
            }) { _, parts in
                if !opened {
                    // Written once the first page is in, so a listing that fails prints nothing.
                    console.write(ListWriter.opening)
                    opened = true
                }
                for part in parts {
                    warnUnreadable(part.bad, selector: selector, console: console)
                    guard part.count > 0 else { continue }
                    console.write(list.items(part.text))
                }
            }.revision
        } catch {
            throw CommandFailure(.runtime, error.description)
        }
        if !opened { console.write(ListWriter.opening) }
        console.write(list.closing(revision: revision))
    }

    /// The List items of the pods in `slice` that `selector` matches, and the values that are
    /// not readable pods.
    static func jsonPart(_ slice: ArraySlice<KeyValue>, prefix: String,
                         selector: LabelSelector?) -> (text: [UInt8], count: Int, bad: [UnreadableEntry]) {
        var text: [UInt8] = []
        var count = 0
        var bad: [UnreadableEntry] = []
        for kv in slice {
            if selector == nil, kv.value.first == UInt8(ascii: "{"), PodKey(etcdKey: kv.key, prefix: prefix) != nil {
                if count > 0 { text.append(UInt8(ascii: ",")) }
                if PodJSONItem.append(kv.value, resourceVersion: kv.modRevision, to: &text) {
                    count += 1
                    continue
                }
                if count > 0 { text.removeLast() }
            }
            switch PodStore.decode(kv, prefix: prefix) {
            case .success(let record):
                if let selector, !selector.matches(record.pod.labels) { continue }
                if count > 0 { text.append(UInt8(ascii: ",")) }
                appendItem(record.pod.presented(), to: &text)
                count += 1
            case .failure(let entry):
                bad.append(entry)
            }
        }
        return (text, count, bad)
    }

    /// Writes a v1 List exactly as `JSONWriter.pretty(PodPrinter.list(...)) + "\n"` does, with the
    /// items coming in pieces: ``opening``, then ``items(_:)`` for each non-empty piece, then
    /// ``closing(revision:)``.
    struct ListWriter {
        private var empty = true
        /// Everything before the items.
        static let opening = "{\n    \"apiVersion\": \"v1\",\n    \"items\": "
        /// One or more items made by ``appendItem(_:to:)``, separated by commas.
        mutating func items(_ text: [UInt8]) -> String {
            defer { empty = false }
            return (empty ? "[" : ",") + String(decoding: text, as: UTF8.self)
        }
        /// Everything after the items.
        func closing(revision: Int64) -> String {
            (empty ? "[]" : "\n    ]") + ",\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \""
                + String(revision) + "\"\n    }\n}\n"
        }
    }

    /// Appends `item` as an element of the List's `items` at nesting level 2: a newline, eight
    /// spaces, and the indented form with every line break indented the same (strings never hold
    /// a raw line break: the writer escapes it).
    static func appendItem(_ item: JSONValue, to text: inout [UInt8]) {
        let indent = "\n        "
        text.append(contentsOf: indent.utf8)
        var pretty = JSONWriter.pretty(item)
        pretty.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                text.append(contentsOf: indent.utf8)
                runStart = i + 1
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }
}

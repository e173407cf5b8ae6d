import Etcd
import Foundation
import PodModel

/// `poddeck get pods` and `poddeck get pod NS/NAME`.
public enum GetRunner {
    /// Lists pods in `namespace` (nil = all), filtered by `selector`, printed in `format`.
    public static func list(store: PodStore, namespace: String?, selector: LabelSelector?, format: OutputFormat,
                            console: Console, now: Date = Date()) async throws(CommandFailure) {
        let listing: PodListing
        do { listing = try await store.list(namespace: namespace) } catch {
            throw CommandFailure(.runtime, error.description)
        }
        if format == .name && selector == nil {
            // Names need no decoding beyond the key: print every key, readable or not.
            var out = ""
            out.reserveCapacity(listing.records.count * 32)
            for r in listing.records { out += "\(r.key.namespace)/\(r.key.name)\n" }
            for u in listing.unreadable { if let k = u.key { out += "\(k.namespace)/\(k.name)\n" } }
            console.write(Sanitize.text(out))
            return
        }
        var records = listing.records
        if let selector { records = records.filter { selector.matches($0.pod.labels) } }
        for u in listing.unreadable where selector == nil {
            console.err("warning: \(Sanitize.line(u.etcdKey)) is unreadable: \(u.reason)")
        }
        switch format {
        case .name:
            console.write(records.map { "\($0.key.namespace)/\($0.key.name)\n" }.joined())
        case .json, .yaml:
            console.write(PodPrinter.document(PodPrinter.list(records, revision: listing.revision), format: format))
        case .table, .wide:
            if records.isEmpty && (selector != nil || listing.unreadable.isEmpty) {
                console.err(namespace.map { "No pods found in \($0) namespace." } ?? "No pods found.")
                return
            }
            console.write(PodPrinter.table(records.map(PodRow.init), unreadable: selector == nil ? listing.unreadable : [],
                                           allNamespaces: namespace == nil, wide: format == .wide, now: now))
        }
    }

    /// Prints one pod.
    public static func one(store: PodStore, key: PodKey, format: OutputFormat, console: Console, now: Date = Date()) async throws(CommandFailure) {
        let record: PodRecord?
        do { record = try await store.get(key) } catch {
            throw CommandFailure(.runtime, error.description)
        }
        guard let record else {
            throw CommandFailure(.notFound, "pod \(key) not found (no key \(key.etcdKey(prefix: store.prefix)))")
        }
        switch format {
        case .json, .yaml:
            console.write(PodPrinter.document(record.pod.presented(), format: format))
        case .name:
            console.out("\(key.namespace)/\(key.name)")
        case .table, .wide:
            console.write(PodPrinter.table([PodRow(record)], unreadable: [], allNamespaces: true, wide: format == .wide, now: now))
        }
    }
}

/// Terminal-safe text for headless output.
enum Sanitize {
    /// Sanitises each line, keeping the newlines.
    static func text(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line($0) }.joined(separator: "\n")
    }
    /// Sanitises one line.
    static func line<S: StringProtocol>(_ s: S) -> String { Screen.Sanitizer.clean(String(s)) }
}

import Screen

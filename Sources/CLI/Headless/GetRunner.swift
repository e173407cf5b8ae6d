import Etcd
import Foundation
import Ops
import PodModel

/// `poddeck get pods` and `poddeck get pod NS/NAME`.
public enum GetRunner {
    /// Lists pods in `namespace` (nil = all), filtered by `selector`, printed in `format`.
    public static func list(store: PodStore, namespace: String?, selector: LabelSelector?, format: OutputFormat,
                            console: Console, now: Date = Date()) async throws(CommandFailure) {
        if format == .proto {
            throw CommandFailure(.usage, "-o proto prints the stored bytes of one pod: poddeck get pod NS/NAME -o proto")
        }
        if format == .name && selector == nil {
            // Names come from the keys alone: no values are transferred or decoded.
            let keys: RangeResult
            do { keys = try await store.listKeys(namespace: namespace) } catch {
                throw CommandFailure(.runtime, error.description)
            }
            var out = ""
            out.reserveCapacity(keys.kvs.count * 40)
            for kv in keys.kvs {
                if let key = PodKey(etcdKey: kv.key, prefix: store.prefix) { out += "\(key.namespace)/\(key.name)\n" }
            }
            console.write(Sanitize.text(out))
            return
        }
        switch format {
        case .json:
            try await GetListing.json(store: store, namespace: namespace, selector: selector, console: console)
        case .yaml:
            let listing: PodListing
            do { listing = try await store.list(namespace: namespace) } catch {
                throw CommandFailure(.runtime, error.description)
            }
            GetListing.warnUnreadable(listing.unreadable, selector: selector, console: console)
            var records = listing.records
            if let selector { records = records.filter { selector.matches($0.pod.labels) } }
            console.write(PodPrinter.document(PodPrinter.list(records, revision: listing.revision), format: format))
        default:
            try await GetListing.table(store: store, namespace: namespace, selector: selector, wide: format == .wide,
                                       namesOnly: format == .name, console: console, now: now)
        }
    }

    /// Prints one pod.
    public static func one(store: PodStore, key: PodKey, format: OutputFormat, console: Console, now: Date = Date()) async throws(CommandFailure) {
        if format == .proto {
            try await stored(store: store, key: key, console: console)
            return
        }
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
        case .proto:
            break
        }
    }

    /// `get pod NS/NAME -o proto`: the value exactly as etcd holds it (any encoding, encrypted
    /// values too), for `poddeck decode` or another tool. Refused on a terminal.
    static func stored(store: PodStore, key: PodKey, console: Console) async throws(CommandFailure) {
        if console.stdoutIsTTY {
            throw CommandFailure(.usage, "-o proto writes binary data; redirect it to a file or a pipe (| poddeck decode, | xxd)")
        }
        let etcdKey = key.etcdKey(prefix: store.prefix)
        let kv: KeyValue?
        do { kv = try await store.etcd.get(etcdKey).kv } catch { throw CommandFailure(.runtime, error.description) }
        guard let kv else { throw CommandFailure(.notFound, "pod \(key) not found (no key \(etcdKey))") }
        console.writeRaw(kv.value)
    }
}

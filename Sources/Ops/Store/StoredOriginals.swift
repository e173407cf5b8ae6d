import KubeStorage
import Synchronization

/// The protobuf values the store has read recently, by key and `mod_revision`: what a write
/// starts from so that fields nobody changed (unknown ones included) survive.
///
/// A value at a given key and `mod_revision` never changes in etcd, so an entry is never stale;
/// entries are dropped oldest first beyond ``maximumBytes``. A write whose base is not here reads
/// the key once before its transaction.
final class StoredOriginals: Sendable {
    /// What a key held at one revision.
    struct Entry: Sendable {
        /// The encoding of the value.
        var encoding: StorageEncoding
        /// The stored bytes (kept for protobuf values only; JSON pods carry their own).
        var bytes: [UInt8]?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var bytes = 0
    }

    /// The most value bytes kept.
    let maximumBytes: Int
    private let state = Mutex(State())

    init(maximumBytes: Int = 32 << 20) {
        self.maximumBytes = maximumBytes
    }

    private static func slot(_ etcdKey: String, _ revision: Int64) -> String { "\(revision) \(etcdKey)" }

    /// Remembers what `etcdKey` held at `revision`.
    func remember(_ etcdKey: String, revision: Int64, encoding: StorageEncoding, bytes: [UInt8]) {
        let entry = Entry(encoding: encoding, bytes: encoding == .protobuf ? bytes : nil)
        let size = entry.bytes?.count ?? 0
        guard size <= maximumBytes else { return }
        let slot = Self.slot(etcdKey, revision)
        state.withLock { state in
            if state.entries[slot] != nil { return }
            state.entries[slot] = entry
            state.order.append(slot)
            state.bytes += size
            while state.bytes > maximumBytes || state.order.count > 4096, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.bytes -= state.entries.removeValue(forKey: oldest)?.bytes?.count ?? 0
            }
        }
    }

    /// What `etcdKey` held at `revision`, when it was read recently.
    func entry(_ etcdKey: String, revision: Int64) -> Entry? {
        state.withLock { $0.entries[Self.slot(etcdKey, revision)] }
    }
}

/// The revision of each etcd key the sync knows, kept compactly: every key's bytes back to back
/// in one buffer and a flat open-addressing table of (where, how long, revision).
///
/// A `[String: Int64]` of 100,000 pod keys costs ~11 MB (a heap string per key and the
/// dictionary's buckets); this table, ~6 MB (2 MB of slots, the keys' bytes). With the first
/// listing recorded straight into one, the dashboard's RSS at 100,000 pods went from ~147 to
/// ~133 MB. Keys are compared byte for byte, and their
/// hash is the standard library's (seeded per process), so keys chosen to collide only make a
/// lookup longer, never wrong.
struct RevisionTable: Sendable {
    private struct Slot: Sendable {
        var offset: UInt32
        /// The key's length in bytes; `UInt32.max` marks an empty slot.
        var length: UInt32
        var revision: Int64

        static let empty = Slot(offset: 0, length: .max, revision: 0)
        var isEmpty: Bool { length == .max }
    }

    private var bytes: [UInt8] = []
    /// Bytes of `bytes` no slot points at any more.
    private var garbage = 0
    private var slots: [Slot] = Array(repeating: .empty, count: 16)
    /// How many keys are kept.
    private(set) var count = 0

    /// Creates an empty table.
    init() {}

    /// The revision kept for `key`, if any; setting nil forgets the key.
    subscript(key: String) -> Int64? {
        get {
            var key = key
            return key.withUTF8 { find($0).found.map { slots[$0].revision } }
        }
        set {
            var key = key
            key.withUTF8 { utf8 in
                if let newValue { insert(utf8, newValue) } else { remove(utf8) }
            }
        }
    }

    /// Makes room for `capacity` keys without growing again.
    mutating func reserveCapacity(_ capacity: Int) {
        var size = slots.count
        while capacity * 5 > size * 4 { size *= 2 }
        if size > slots.count { rehash(size) }
    }

    /// Drops the room kept for keys to come and the bytes of forgotten keys.
    mutating func shrinkToFit() {
        var size = 16
        while count * 5 > size * 4 { size *= 2 }
        rehash(size)
    }

    /// The revision kept for the key whose UTF-8 bytes are `key`.
    func revision(utf8 key: UnsafeBufferPointer<UInt8>) -> Int64? {
        find(key).found.map { slots[$0].revision }
    }

    /// Every key and its revision, in no particular order.
    var entries: [(key: String, revision: Int64)] { entries { _, _ in true } }

    /// The keys (and revisions) `include` accepts, in no particular order; only those become
    /// strings.
    func entries(where include: (_ key: UnsafeBufferPointer<UInt8>, _ revision: Int64) -> Bool)
        -> [(key: String, revision: Int64)] {
        bytes.withUnsafeBufferPointer { buffer in
            slots.compactMap { slot in
                guard !slot.isEmpty else { return nil }
                let start = Int(slot.offset)
                let key = UnsafeBufferPointer(rebasing: buffer[start..<(start + Int(slot.length))])
                guard include(key, slot.revision) else { return nil }
                return (String(decoding: key, as: UTF8.self), slot.revision)
            }
        }
    }

    // MARK: - Table

    private var mask: Int { slots.count - 1 }

    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(key))
        return hasher.finalize()
    }

    /// The slot holding `key` (found), or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (found: Int?, free: Int) {
        var i = Self.hash(key) & mask
        return bytes.withUnsafeBufferPointer { buffer in
            while true {
                let slot = slots[i]
                if slot.isEmpty { return (nil, i) }
                if Int(slot.length) == key.count,
                   key.elementsEqual(UnsafeBufferPointer(rebasing: buffer[Int(slot.offset)..<(Int(slot.offset) + key.count)])) {
                    return (i, i)
                }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ revision: Int64) {
        let place = find(key)
        if let found = place.found {
            slots[found].revision = revision
            return
        }
        if (count + 1) * 5 > slots.count * 4 {
            rehash(slots.count * 2)
            return insert(key, revision)
        }
        slots[place.free] = Slot(offset: UInt32(bytes.count), length: UInt32(key.count), revision: revision)
        bytes.append(contentsOf: key)
        count += 1
    }

    private mutating func remove(_ key: UnsafeBufferPointer<UInt8>) {
        guard var hole = find(key).found else { return }
        garbage += Int(slots[hole].length)
        slots[hole] = .empty
        count -= 1
        // Linear probing: move later keys of the same run back into the hole, so that every key
        // stays reachable from its home slot without tombstones.
        var next = (hole + 1) & mask
        while !slots[next].isEmpty {
            let home = home(of: slots[next])
            let reachable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next)
            if reachable {
                slots[hole] = slots[next]
                slots[next] = .empty
                hole = next
            }
            next = (next + 1) & mask
        }
        if garbage > 1 << 20 && garbage > bytes.count / 2 { rehash(slots.count) }
    }

    private func home(of slot: Slot) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            Self.hash(UnsafeBufferPointer(rebasing: buffer[Int(slot.offset)..<(Int(slot.offset) + Int(slot.length))])) & mask
        }
    }

    /// Rebuilds the table with `size` slots and the key bytes without garbage.
    private mutating func rehash(_ size: Int) {
        let old = slots
        let oldBytes = bytes
        slots = Array(repeating: .empty, count: size)
        bytes = []
        bytes.reserveCapacity(oldBytes.count - garbage)
        garbage = 0
        count = 0
        oldBytes.withUnsafeBufferPointer { buffer in
            for slot in old where !slot.isEmpty {
                insert(UnsafeBufferPointer(rebasing: buffer[Int(slot.offset)..<(Int(slot.offset) + Int(slot.length))]), slot.revision)
            }
        }
    }
}

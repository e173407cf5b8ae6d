import Foundation
import Ops

/// Every pod the dashboard knows, kept sorted and filtered for O(visible rows) frames.
///
/// Entries live in `storage` at stable indices; `order` holds storage indices sorted by the
/// current sort, `visible` the subset passing the filter. A sync touching few rows moves only
/// those rows (binary insertion); a large one re-sorts.
///
/// Every entry is also kept in key order and in name order (`byKey`, `byName`), and each
/// entry's status as a small number, so that a sort is integer work: the name sort is `byName`
/// itself, and the others sort pairs of (column value, position in key order). A sort over
/// 100,000 rows then takes a few milliseconds instead of comparing strings a million times.
public struct PodListModel: Sendable {
    private(set) var storage: [ListEntry] = []
    /// Every entry's lowercased search text, back to back (struct of arrays: the filter scan
    /// touches only these bytes, never the entries).
    private var hayBytes: [UInt8] = []
    private var hayStart: [Int32] = []
    private var hayLength: [Int32] = []
    private var hayGarbage = 0
    private var free: [Int32] = []
    /// One copy of each repeated string of the rows kept.
    private var interner = StringInterner()
    /// Whether the rows are a first listing's first page, the rest still being read.
    private var showingPartial = false
    private var index: [PodKey: Int32] = [:]
    private(set) var order: [Int32] = []
    /// Storage indices of every kept entry (deleted rows still shown included) by key.
    private var byKey: [Int32] = []
    /// The same by name, then namespace (the name sort).
    private var byName: [Int32] = []
    /// Entries appended to `byKey`/`byName` since they were last sorted.
    private var keyOrdersUnsorted = false
    /// Entries removed since `byKey`/`byName` were last cleaned.
    private var removedFromKeyOrders: [Int32] = []
    /// Each storage index's status, as an index into `statusNames`.
    private var statusIDs: [UInt32] = []
    private var statusNames: [String] = []
    private var statusIDByName: [String: UInt32] = [:]
    /// Storage indices of the rows shown, in display order.
    public private(set) var visible: [Int32] = []
    /// Marks on recently added/changed/deleted rows.
    public private(set) var marks: [PodKey: RowMark] = [:]
    /// Pods per phase (deleted rows excluded).
    public private(set) var phaseCounts: [String: Int] = [:]
    /// The widest value of each column over every row (deleted rows included while they show).
    public private(set) var columnWidths = PodColumnWidths()
    /// Values under the prefix that are not readable pods.
    public var unreadable: [UnreadableEntry] = [] {
        didSet { encryptedCount = unreadable.reduce(0) { $0 + ($1.encryption == nil ? 0 : 1) } }
    }
    /// How many of ``unreadable`` are encrypted at rest (listed apart: not broken, just sealed).
    public private(set) var encryptedCount = 0
    /// The sort in effect.
    public private(set) var sort = SortSpec()
    /// The filter in effect.
    public private(set) var filter: ListFilter?
    /// How long marks last.
    public var markDuration: TimeInterval = 3

    /// Creates an empty model.
    public init() {}

    /// Number of live pods (not counting rows kept for a deleted mark).
    public var count: Int { index.count - ghostCount }
    private var ghostCount = 0

    /// The entry at a visible position.
    public func entry(atVisible position: Int) -> ListEntry { storage[Int(visible[position])] }

    /// The visible position of `key`, if shown.
    public func visiblePosition(of key: PodKey) -> Int? {
        guard let i = index[key] else { return nil }
        return visible.firstIndex(of: i)
    }

    /// The entry for `key`.
    public func entry(for key: PodKey) -> ListEntry? { index[key].map { storage[Int($0)] } }

    // MARK: - Sync

    /// Applies a sync. Rows that appear or change are marked unless this is the first load.
    public mutating func apply(_ delta: SyncDelta, now: Date) {
        // The listing that completes a partial first page is still the first load: no marks.
        let wasPartial = showingPartial
        let firstLoad = index.isEmpty || showingPartial
        showingPartial = delta.partial
        if let unreadable = delta.unreadable { self.unreadable = unreadable }
        if delta.expectedCount > storage.count { reserve(delta.expectedCount) }
        // Later pages of a first listing join the list unsorted; the page that completes the
        // listing sorts everything once (a sort per page would cost O(pages · n log n)).
        let deferOrder = delta.partial && wasPartial
        var touched: [Int32] = []
        var removedKeys: Set<PodKey> = []
        if delta.replacesAll {
            let incoming = Set(delta.upserts.map(\.key))
            for key in index.keys where !incoming.contains(key) && storage[Int(index[key]!)].deleted == false {
                removedKeys.insert(key)
            }
        }
        removedKeys.formUnion(delta.deletions)
        let bulk = !deferOrder && (wasPartial || delta.upserts.count + removedKeys.count > max(64, order.count / 8))

        for row in delta.upserts {
            var entry = ListEntry(row: row, now: now)
            entry.row = interner.intern(entry.row)
            // The search text lives in `hayBytes`; the entry keeps none of its own.
            let haystack = entry.haystack
            entry.haystack = []
            if let i = index[row.key] {
                let old = storage[Int(i)]
                if old.row == entry.row && !old.deleted { continue }
                if old.deleted { ghostCount -= 1 } else { count(old.row, -1) }
                columnWidths.remove(old.widths)
                columnWidths.add(entry.widths)
                storage[Int(i)] = entry
                setStatus(Int(i), entry.row.status)
                setHaystack(Int(i), haystack)
                count(entry.row, +1)
                if !firstLoad { marks[row.key] = RowMark(kind: old.deleted ? .added : .changed, until: now + markDuration) }
                touched.append(i)
            } else {
                let i: Int32
                if let f = free.popLast() { i = f; storage[Int(f)] = entry } else { i = Int32(storage.count); storage.append(entry) }
                columnWidths.add(entry.widths)
                setStatus(Int(i), entry.row.status)
                setHaystack(Int(i), haystack)
                index[row.key] = i
                if !bulk && !deferOrder {
                    insertSorted(i, into: &byKey, by: Self.keyPrecedes)
                    insertSorted(i, into: &byName, by: Self.namePrecedes)
                } else {
                    byKey.append(i)
                    byName.append(i)
                    keyOrdersUnsorted = true
                }
                count(entry.row, +1)
                if !firstLoad { marks[row.key] = RowMark(kind: .added, until: now + markDuration) }
                touched.append(i)
            }
        }
        for key in removedKeys {
            guard let i = index[key], !storage[Int(i)].deleted else { continue }
            count(storage[Int(i)].row, -1)
            if firstLoad || delta.replacesAll && markDuration <= 0 {
                remove(i)
                touched.append(i)
            } else {
                storage[Int(i)].deleted = true
                ghostCount += 1
                marks[key] = RowMark(kind: .deleted, until: now + markDuration)
                touched.append(i)
            }
        }
        if delta.expectedCount > 0 && !delta.upserts.isEmpty {
            // Room for the search text of every row to come, at this page's bytes per row.
            let perRow = (hayBytes.count - hayGarbage) / max(1, storage.count)
            hayBytes.reserveCapacity(delta.expectedCount * (perRow + perRow / 16 + 1))
        }
        if deferOrder {
            return
        }
        settleKeyOrders()
        if bulk {
            rebuildOrder()
        } else {
            // Take every touched row out first: a binary insertion needs the rest in order, and
            // a changed row still at its old place would break that for the rows after it.
            if touched.count <= 32 {
                for i in touched { if let pos = order.firstIndex(of: i) { order.remove(at: pos) } }
            } else {
                let moved = Set(touched)
                order.removeAll { moved.contains($0) }
            }
            var placed = Set<Int32>()
            for i in touched where index[storage[Int(i)].row.key] == i && placed.insert(i).inserted { insertSorted(i) }
            rebuildVisible()
        }
    }

    /// Drops expired marks and the rows of deleted pods whose mark expired.
    public mutating func expireMarks(now: Date) -> Bool {
        var changed = false
        for (key, mark) in marks where mark.until <= now {
            marks[key] = nil
            changed = true
            if mark.kind == .deleted, let i = index[key], storage[Int(i)].deleted {
                remove(i)
                ghostCount -= 1
                if let pos = order.firstIndex(of: i) { order.remove(at: pos) }
                if let pos = visible.firstIndex(of: i) { visible.remove(at: pos) }
            }
        }
        settleKeyOrders()
        return changed
    }

    /// Forgets everything (namespace switch).
    public mutating func reset() {
        self = PodListModel()
    }

    // MARK: - Sort and filter

    /// Changes the sort.
    public mutating func setSort(_ spec: SortSpec) {
        sort = spec
        rebuildOrder()
    }

    /// Changes the filter.
    /// A filter that extends the previous substring (typing one more letter) only rescans the
    /// rows that matched before.
    public mutating func setFilter(_ filter: ListFilter?) {
        let previous = self.filter
        self.filter = filter
        if let filter, let previous, case .substring(let old) = previous.kind, case .substring(let new) = filter.kind,
           new.count > old.count, new.starts(with: old) || ListFilter.contains(new, old) {
            visible = matching(filter, among: visible)
        } else {
            rebuildVisible()
        }
    }

    /// Sorts every entry by the current sort: the same order as ``precedes`` gives, from
    /// integers only.
    private mutating func rebuildOrder() {
        settleKeyOrders()
        let spec = sort
        switch spec.column {
        case .name:
            order = spec.ascending ? byName : Array(byName.reversed())
        case .age, .status, .restarts:
            // Each entry's column value as an integer that sorts the same way, then its
            // position in key order (the tie-break of every sort).
            var statusRank: [UInt64] = []
            if spec.column == .status {
                let sortedIDs = statusNames.indices.sorted { statusNames[$0] < statusNames[$1] }
                statusRank = Array(repeating: 0, count: statusNames.count)
                for (rank, id) in sortedIDs.enumerated() { statusRank[id] = UInt64(rank) }
            }
            var pairs: [(value: UInt64, rank: UInt32)] = []
            pairs.reserveCapacity(byKey.count)
            storage.withUnsafeBufferPointer { entries in
                for (rank, i) in byKey.enumerated() {
                    let entry = entries.baseAddress! + Int(i)
                    var value: UInt64
                    switch spec.column {
                    case .age:
                        // Newest first when ascending: the negated time, as an order-keeping integer.
                        value = Self.orderedBits(-(entry.pointee.row.created ?? .distantPast).timeIntervalSinceReferenceDate)
                    case .status:
                        value = statusRank[Int(statusIDs[Int(i)])]
                    default:
                        // Most restarts first when ascending.
                        value = UInt64.max - (UInt64(bitPattern: Int64(entry.pointee.row.restarts)) ^ (1 << 63))
                    }
                    if !spec.ascending { value = UInt64.max - value }
                    pairs.append((value, UInt32(rank)))
                }
            }
            pairs.sort { $0.value != $1.value ? $0.value < $1.value : $0.rank < $1.rank }
            order = byKey.withUnsafeBufferPointer { keys in pairs.map { keys[Int($0.rank)] } }
        }
        rebuildVisible()
    }

    /// An integer whose unsigned order is the order of `value` (NaN aside).
    static func orderedBits(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return value.sign == .minus ? ~bits : bits | (1 << 63)
    }

    /// Brings `byKey` and `byName` up to date: drops removed entries, sorts appended ones.
    private mutating func settleKeyOrders() {
        if !removedFromKeyOrders.isEmpty {
            var removed = [Bool](repeating: false, count: storage.count)
            for i in removedFromKeyOrders { removed[Int(i)] = true }
            byKey.removeAll { removed[Int($0)] }
            byName.removeAll { removed[Int($0)] }
            removedFromKeyOrders.removeAll()
            if statusNames.count > 1024 && statusNames.count > index.count {
                // Statuses no entry has any more: number the live ones afresh.
                let live = byKey.map { statusNames[Int(statusIDs[Int($0)])] }
                statusNames = []
                statusIDByName = [:]
                for (i, status) in zip(byKey, live) { setStatus(Int(i), status) }
            }
        }
        if keyOrdersUnsorted {
            keyOrdersUnsorted = false
            storage.withUnsafeBufferPointer { entries in
                byKey.sort { Self.keyPrecedes(entries, $0, $1) }
                byName.sort { Self.namePrecedes(entries, $0, $1) }
            }
        }
    }

    private mutating func setStatus(_ index: Int, _ status: String) {
        while statusIDs.count <= index { statusIDs.append(0) }
        if let id = statusIDByName[status] {
            statusIDs[index] = id
        } else {
            let id = UInt32(statusNames.count)
            statusNames.append(status)
            statusIDByName[status] = id
            statusIDs[index] = id
        }
    }

    private mutating func rebuildVisible() {
        guard let filter else { visible = order; return }
        visible = matching(filter, among: order)
    }

    /// The indices in `candidates` (kept in order) whose rows pass `filter`.
    private func matching(_ filter: ListFilter, among candidates: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(candidates.count)
        switch filter.kind {
        case .labels(let selector):
            for i in candidates where selector.matches(storage[Int(i)].row.labelPairs) { out.append(i) }
        case .substring(let needle), .inverted(let needle):
            let wanted: Bool
            if case .substring = filter.kind { wanted = true } else { wanted = false }
            hayBytes.withUnsafeBufferPointer { hay in
                hayStart.withUnsafeBufferPointer { starts in
                    hayLength.withUnsafeBufferPointer { lengths in
                        needle.withUnsafeBufferPointer { n in
                            for i in candidates {
                                let start = Int(starts[Int(i)]), length = Int(lengths[Int(i)])
                                let slice = UnsafeBufferPointer(rebasing: hay[start..<(start + length)])
                                if ListFilter.contains(slice, n) == wanted { out.append(i) }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Makes room for `count` rows at once (a first listing says how many it holds), so that the
    /// arrays do not grow by doubling, each growth holding the old and the new copy.
    private mutating func reserve(_ count: Int) {
        storage.reserveCapacity(count)
        hayStart.reserveCapacity(count)
        hayLength.reserveCapacity(count)
        index.reserveCapacity(count)
        order.reserveCapacity(count)
    }

    private mutating func setHaystack(_ index: Int, _ bytes: [UInt8]) {
        while hayStart.count <= index { hayStart.append(0); hayLength.append(0) }
        hayGarbage += Int(hayLength[index])
        hayStart[index] = Int32(hayBytes.count)
        hayLength[index] = Int32(bytes.count)
        hayBytes.append(contentsOf: bytes)
        if hayGarbage > 1 << 20 && hayGarbage > hayBytes.count / 2 { compactHaystacks() }
    }

    private mutating func compactHaystacks() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hayBytes.count - hayGarbage)
        for i in 0..<hayStart.count {
            let start = Int(hayStart[i]), length = Int(hayLength[i])
            hayStart[i] = Int32(bytes.count)
            bytes.append(contentsOf: hayBytes[start..<(start + length)])
        }
        hayBytes = bytes
        hayGarbage = 0
    }

    private mutating func insertSorted(_ i: Int32) {
        let spec = sort
        insertSorted(i, into: &order) { Self.precedes($0, spec, $1, $2) }
    }

    /// Inserts storage index `i` into `list`, kept sorted by `precedes` (binary search).
    private func insertSorted(_ i: Int32, into list: inout [Int32],
                              by precedes: (UnsafeBufferPointer<ListEntry>, Int32, Int32) -> Bool) {
        var lo = 0, hi = list.count
        storage.withUnsafeBufferPointer { entries in
            list.withUnsafeBufferPointer { o in
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if precedes(entries, o[mid], i) { lo = mid + 1 } else { hi = mid }
                }
            }
        }
        list.insert(i, at: lo)
    }

    private mutating func remove(_ i: Int32) {
        let key = storage[Int(i)].row.key
        columnWidths.remove(storage[Int(i)].widths)
        index[key] = nil
        marks[key] = nil
        free.append(i)
        removedFromKeyOrders.append(i)
        hayGarbage += Int(hayLength[Int(i)])
        hayLength[Int(i)] = 0
    }

    private mutating func count(_ row: PodRow, _ delta: Int) {
        phaseCounts[row.statusClass.rawValue, default: 0] += delta
    }

    /// Whether storage index `a`'s key sorts before `b`'s.
    static func keyPrecedes(_ entries: UnsafeBufferPointer<ListEntry>, _ a: Int32, _ b: Int32) -> Bool {
        entries[Int(a)].row.key < entries[Int(b)].row.key
    }

    /// Whether storage index `a` sorts before `b` by name, then namespace.
    static func namePrecedes(_ entries: UnsafeBufferPointer<ListEntry>, _ a: Int32, _ b: Int32) -> Bool {
        precedes(entries, SortSpec(column: .name), a, b)
    }

    /// Whether storage index `a` sorts before `b` (reads the entries in place, no copies). The
    /// definition of every sort; ``rebuildOrder`` gives the same order from integers.
    static func precedes(_ entries: UnsafeBufferPointer<ListEntry>, _ sort: SortSpec, _ a: Int32, _ b: Int32) -> Bool {
        let x = entries.baseAddress! + Int(a), y = entries.baseAddress! + Int(b)
        switch sort.column {
        case .name:
            let result: Bool
            if x.pointee.row.key.name != y.pointee.row.key.name { result = x.pointee.row.key.name < y.pointee.row.key.name }
            else if x.pointee.row.key.namespace != y.pointee.row.key.namespace { result = x.pointee.row.key.namespace < y.pointee.row.key.namespace }
            else { return false }
            return sort.ascending ? result : !result
        case .age:
            let cx = x.pointee.row.created ?? .distantPast, cy = y.pointee.row.created ?? .distantPast
            if cx != cy { return sort.ascending ? cx > cy : cx < cy }
        case .status:
            if x.pointee.row.status != y.pointee.row.status {
                return sort.ascending ? x.pointee.row.status < y.pointee.row.status : x.pointee.row.status > y.pointee.row.status
            }
        case .restarts:
            if x.pointee.row.restarts != y.pointee.row.restarts {
                return sort.ascending ? x.pointee.row.restarts > y.pointee.row.restarts : x.pointee.row.restarts < y.pointee.row.restarts
            }
        }
        return x.pointee.row.key < y.pointee.row.key
    }
}

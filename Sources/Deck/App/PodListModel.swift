import Foundation

/// Every pod the dashboard knows, kept sorted and filtered for O(visible rows) frames.
///
/// Entries live in `storage` at stable indices; `order` holds storage indices sorted by the
/// current sort, `visible` the subset passing the filter. A sync touching few rows moves only
/// those rows (binary insertion); a large one re-sorts.
public struct PodListModel: Sendable {
    private(set) var storage: [ListEntry] = []
    private var free: [Int32] = []
    private var index: [PodKey: Int32] = [:]
    private(set) var order: [Int32] = []
    /// Storage indices of the rows shown, in display order.
    public private(set) var visible: [Int32] = []
    /// Marks on recently added/changed/deleted rows.
    public private(set) var marks: [PodKey: RowMark] = [:]
    /// Pods per phase (deleted rows excluded).
    public private(set) var phaseCounts: [String: Int] = [:]
    /// Values under the prefix that are not readable pods.
    public var unreadable: [UnreadableEntry] = []
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
        let firstLoad = index.isEmpty
        if let unreadable = delta.unreadable { self.unreadable = unreadable }
        var touched: [Int32] = []
        var removedKeys: Set<PodKey> = []
        if delta.replacesAll {
            let incoming = Set(delta.upserts.map(\.key))
            for key in index.keys where !incoming.contains(key) && storage[Int(index[key]!)].deleted == false {
                removedKeys.insert(key)
            }
        }
        removedKeys.formUnion(delta.deletions)
        let bulk = delta.upserts.count + removedKeys.count > max(64, order.count / 8)

        for row in delta.upserts {
            let entry = ListEntry(row: row)
            if let i = index[row.key] {
                let old = storage[Int(i)]
                if old.row == entry.row && !old.deleted { continue }
                if old.deleted { ghostCount -= 1 } else { count(old.row, -1) }
                storage[Int(i)] = entry
                count(entry.row, +1)
                if !firstLoad { marks[row.key] = RowMark(kind: old.deleted ? .added : .changed, until: now + markDuration) }
                touched.append(i)
            } else {
                let i: Int32
                if let f = free.popLast() { i = f; storage[Int(f)] = entry } else { i = Int32(storage.count); storage.append(entry) }
                index[row.key] = i
                count(entry.row, +1)
                if !firstLoad { marks[row.key] = RowMark(kind: .added, until: now + markDuration) }
                touched.append(i)
                if !bulk { insertSorted(i) }
            }
        }
        for key in removedKeys {
            guard let i = index[key], !storage[Int(i)].deleted else { continue }
            count(storage[Int(i)].row, -1)
            if firstLoad || delta.replacesAll && markDuration <= 0 {
                remove(i)
            } else {
                storage[Int(i)].deleted = true
                ghostCount += 1
                marks[key] = RowMark(kind: .deleted, until: now + markDuration)
                touched.append(i)
            }
        }
        if bulk {
            rebuildOrder()
        } else {
            for i in touched where index[storage[Int(i)].row.key] == i {
                // Re-position changed rows whose sort field may have moved.
                if let pos = order.firstIndex(of: i) { order.remove(at: pos) }
                insertSorted(i)
            }
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
    public mutating func setFilter(_ filter: ListFilter?) {
        self.filter = filter
        rebuildVisible()
    }

    private mutating func rebuildOrder() {
        order = index.values.sorted { precedes($0, $1) }
        rebuildVisible()
    }

    private mutating func rebuildVisible() {
        guard let filter else { visible = order; return }
        var out: [Int32] = []
        out.reserveCapacity(order.count)
        for i in order where filter.matches(storage[Int(i)]) { out.append(i) }
        visible = out
    }

    private mutating func insertSorted(_ i: Int32) {
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if precedes(order[mid], i) { lo = mid + 1 } else { hi = mid }
        }
        order.insert(i, at: lo)
    }

    private mutating func remove(_ i: Int32) {
        let key = storage[Int(i)].row.key
        index[key] = nil
        marks[key] = nil
        free.append(i)
    }

    private mutating func count(_ row: PodRow, _ delta: Int) {
        phaseCounts[row.statusClass.rawValue, default: 0] += delta
    }

    /// Whether storage index `a` sorts before `b`.
    func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let x = storage[Int(a)].row, y = storage[Int(b)].row
        let result: Bool
        switch sort.column {
        case .name:
            if x.key.name != y.key.name { result = x.key.name < y.key.name }
            else { result = x.key.namespace < y.key.namespace }
            return sort.ascending ? result : !result && x.key != y.key
        case .age:
            let cx = x.created ?? .distantPast, cy = y.created ?? .distantPast
            if cx != cy { return sort.ascending ? cx > cy : cx < cy }
        case .status:
            if x.status != y.status { return sort.ascending ? x.status < y.status : x.status > y.status }
        case .restarts:
            if x.restarts != y.restarts { return sort.ascending ? x.restarts > y.restarts : x.restarts < y.restarts }
        }
        return x.key < y.key
    }
}

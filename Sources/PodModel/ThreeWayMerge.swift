import Collections

/// A field both sides changed, differently.
public struct MergeConflict: Sendable, Hashable, CustomStringConvertible {
    /// Where, e.g. `spec.containers[name=web].image`.
    public var path: String
    /// The value both sides started from; `nil` when absent.
    public var base: JSONValue?
    /// My value; `nil` when I removed the field.
    public var mine: JSONValue?
    /// Their value; `nil` when they removed the field.
    public var theirs: JSONValue?

    /// Creates a conflict.
    public init(path: String, base: JSONValue?, mine: JSONValue?, theirs: JSONValue?) {
        self.path = path
        self.base = base
        self.mine = mine
        self.theirs = theirs
    }

    /// A one-line summary: `path: base X, mine Y, theirs Z`.
    public var description: String {
        func show(_ value: JSONValue?) -> String {
            value.map { $0.description } ?? "(absent)"
        }
        return "\(path): base \(show(base)), mine \(show(mine)), theirs \(show(theirs))"
    }
}

/// The outcome of a three-way merge.
public struct MergeResult: Sendable, Hashable {
    /// The merged document. At a conflicting path it holds my value (absent if I removed it).
    public var merged: JSONValue
    /// Fields both sides changed differently, in document order.
    public var conflicts: [MergeConflict]
    /// How many fields I changed relative to the base (see ``JSONDiff``).
    public var myChangeCount: Int
    /// How many fields they changed relative to the base.
    public var theirChangeCount: Int

    /// Creates a result.
    public init(merged: JSONValue, conflicts: [MergeConflict], myChangeCount: Int, theirChangeCount: Int) {
        self.merged = merged
        self.conflicts = conflicts
        self.myChangeCount = myChangeCount
        self.theirChangeCount = theirChangeCount
    }

    /// Whether the merge is clean.
    public var isClean: Bool {
        conflicts.isEmpty
    }
}

/// Merges my edits and their concurrent changes to the same base document, field by field.
///
/// A field changed by one side takes that side's value; changed identically by both, it is
/// fine; changed differently, it is a conflict. Objects merge member by member; arrays whose
/// elements are all objects with unique string `name`s merge element by element, by name
/// (additions and removals by either side included); other arrays are single values. Members
/// and named elements come in their order, followed by those only I added.
public enum ThreeWayMerge {
    /// Merges `mine` and `theirs`, both derived from `base`.
    public static func merge(base: JSONValue, mine: JSONValue, theirs: JSONValue) -> MergeResult {
        var conflicts: [MergeConflict] = []
        let merged = merge(base, mine, theirs, at: .root, conflicts: &conflicts) ?? .null
        return MergeResult(
            merged: merged,
            conflicts: conflicts,
            myChangeCount: JSONDiff.changes(from: base, to: mine).count,
            theirChangeCount: JSONDiff.changes(from: base, to: theirs).count
        )
    }

    private static func merge(
        _ base: JSONValue?, _ mine: JSONValue?, _ theirs: JSONValue?, at path: FieldPath,
        conflicts: inout [MergeConflict]
    ) -> JSONValue? {
        if mine == theirs { return mine }
        if mine == base { return theirs }
        if theirs == base { return mine }

        switch (mine, theirs) {
        case (.object(let myMembers)?, .object(let theirMembers)?):
            let baseMembers = base?.objectValue ?? [:]
            var merged = OrderedDictionary<String, JSONValue>()
            for key in theirMembers.keys + myMembers.keys.filter({ theirMembers[$0] == nil }) {
                let value = merge(baseMembers[key], myMembers[key], theirMembers[key], at: path.member(key), conflicts: &conflicts)
                if let value {
                    merged[key] = value
                }
            }
            return .object(merged)
        case (.array(let myElements)?, .array(let theirElements)?):
            if let myList = NamedList(myElements), let theirList = NamedList(theirElements),
               let baseList = base.map({ $0.arrayValue.flatMap(NamedList.init) }) ?? NamedList([]) {
                var merged: [JSONValue] = []
                for name in theirList.names.elements + myList.names.elements.filter({ theirList[$0] == nil }) {
                    let element = merge(baseList[name], myList[name], theirList[name], at: path.named(name), conflicts: &conflicts)
                    if let element {
                        merged.append(element)
                    }
                }
                return .array(merged)
            }
        default:
            break
        }
        conflicts.append(MergeConflict(path: path.rendered, base: base, mine: mine, theirs: theirs))
        return mine
    }
}

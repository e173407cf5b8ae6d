import Collections

/// JSON Merge Patch (RFC 7386), preserving member order.
public enum MergePatch {
    /// Applies `patch` to `target`: objects merge member by member, `null` removes a member, any
    /// other value replaces. Existing members keep their position; new members are appended.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                members.removeValue(forKey: key)
            } else {
                members[key] = apply(value, to: members[key] ?? .null)
            }
        }
        return .object(members)
    }

    /// The merge patch that turns `original` into `modified` (up to member order).
    ///
    /// A member whose new value is `null` cannot be expressed in a merge patch and is removed
    /// instead.
    public static func create(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let old) = original, case .object(let new) = modified else { return modified }
        var patch = OrderedDictionary<String, JSONValue>()
        for key in old.keys where new[key] == nil {
            patch[key] = .null
        }
        for (key, value) in new {
            guard let previous = old[key] else {
                patch[key] = value
                continue
            }
            if previous != value {
                patch[key] = value.objectValue != nil && previous.objectValue != nil
                    ? create(from: previous, to: value) : value
            }
        }
        return .object(patch)
    }
}

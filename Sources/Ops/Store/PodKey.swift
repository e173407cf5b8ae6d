/// A pod's identity: namespace and name (`namespace/name`).
public struct PodKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace.
    public var namespace: String
    /// The name.
    public var name: String

    /// Creates a key.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Parses `namespace/name`, or `name` with `defaultNamespace`.
    public init?(parsing text: String, defaultNamespace: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !text.isEmpty:
            self.init(namespace: defaultNamespace, name: text)
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty:
            self.init(namespace: String(parts[0]), name: String(parts[1]))
        default:
            return nil
        }
    }

    /// The etcd key under `prefix` (e.g. `/registry/pods/default/web`).
    public func etcdKey(prefix: String) -> String { "\(PodKey.podsPrefix(prefix))\(namespace)/\(name)" }

    /// `<prefix>/pods/`.
    public static func podsPrefix(_ prefix: String) -> String {
        (prefix.hasSuffix("/") ? prefix : prefix + "/") + "pods/"
    }

    /// Recovers the key from an etcd key, or nil when it is not `<prefix>/pods/<ns>/<name>`.
    public init?(etcdKey: String, prefix: String) {
        // Byte-wise: etcd keys are bytes, and this runs once per key of a listing.
        let base = PodKey.podsPrefix(prefix)
        guard etcdKey.utf8.starts(with: base.utf8) else { return nil }
        let rest = etcdKey[etcdKey.utf8.index(etcdKey.startIndex, offsetBy: base.utf8.count)...]
        if rest.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: every byte is a character, so the slash is found byte-wise.
            guard let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")), slash != rest.startIndex,
                  rest.utf8.index(after: slash) != rest.endIndex,
                  !rest.utf8[rest.utf8.index(after: slash)...].contains(UInt8(ascii: "/")) else { return nil }
            self.init(namespace: String(rest[..<slash]), name: String(rest[rest.utf8.index(after: slash)...]))
            return
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(namespace: String(parts[0]), name: String(parts[1]))
    }

    /// ``init(etcdKey:prefix:)`` of the text of `etcdKey` (the key's bytes as etcd returns them,
    /// invalid UTF-8 repaired as in ``KeyValue/keyString``), read without making that text
    /// first: an ASCII key is matched and split byte-wise.
    public init?(etcdKey key: [UInt8], prefix: String) {
        var i = 0
        func expect(_ bytes: String.UTF8View) -> Bool {
            for byte in bytes {
                guard i < key.count, key[i] == byte else { return false }
                i += 1
            }
            return true
        }
        guard expect(prefix.utf8), prefix.utf8.last == UInt8(ascii: "/") || expect("/".utf8), expect("pods/".utf8) else {
            return nil
        }
        let rest = key[i...]
        guard rest.allSatisfy({ $0 < 0x80 }) else {
            self.init(etcdKey: String(decoding: key, as: UTF8.self), prefix: prefix)
            return
        }
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash != rest.startIndex, slash + 1 != rest.endIndex,
              !rest[(slash + 1)...].contains(UInt8(ascii: "/")) else { return nil }
        self.init(namespace: String(decoding: rest[..<slash], as: UTF8.self),
                  name: String(decoding: rest[(slash + 1)...], as: UTF8.self))
    }

    /// `namespace/name`.
    public var description: String { "\(namespace)/\(name)" }

    /// Orders by namespace, then name.
    public static func < (a: PodKey, b: PodKey) -> Bool {
        (a.namespace, a.name) < (b.namespace, b.name)
    }
}

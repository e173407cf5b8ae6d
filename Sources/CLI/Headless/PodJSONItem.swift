import Foundation
import PodModel

/// A stored JSON pod written as an item of `get pods -o json`'s List straight from its bytes.
enum PodJSONItem {
    /// Writes a stored JSON pod as an item of `get pods -o json`'s List straight from its bytes:
    /// a newline, then the pod indented at the List's item level, exactly as
    /// ``GetListing/appendItem(_:to:)`` writes `pod.presented()` after a full decode
    /// (`metadata.resourceVersion` set to `resourceVersion` after `uid`, or after `namespace` and
    /// `name`, or first; strings in the indented form's terminal-safe escaping).
    ///
    /// Returns false, leaving `out` as it was, whenever the full decoder is needed: whatever
    /// ``JSONCursor`` is not sure of, plus a duplicate member name anywhere, a `kind` that is not
    /// spelled `"Pod"`, and a missing or non-object `metadata`.
    static func append(_ value: [UInt8], resourceVersion: Int64, to out: inout [UInt8]) -> Bool {
        let mark = out.count
        let written = value.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = JSONCursor(bytes: buffer)
            do throws(JSONCursor.Bail) {
                scanner.skipWhitespace()
                guard try scanner.byte() == UInt8(ascii: "{") else { return false }
                out.append(contentsOf: "\n        ".utf8)
                try scanner.writeRoot(resourceVersion: resourceVersion, into: &out)
                scanner.skipWhitespace()
                return scanner.index == buffer.count
            } catch {
                return false
            }
        }
        if !written { out.removeSubrange(mark...) }
        return written
    }
}

extension JSONCursor {
    /// The List's items are at this level; the pod's members one deeper.
    static let itemLevel = 2

    static func newline(_ level: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 4 * level))
    }

    func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes[a]).elementsEqual(UnsafeBufferPointer(rebasing: bytes[b]))
    }

    func isQuoted(_ range: Range<Int>, _ name: StaticString) -> Bool {
        range.count == name.utf8CodeUnitCount + 2
            && UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
                .elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Reads a member name (its range includes the quotes) and the colon after it; escaped names
    /// and names already in `seen` bail.
    mutating func memberName(seen: inout [Range<Int>]) throws(Bail) -> Range<Int> {
        guard try byte() == UInt8(ascii: "\"") else { throw Bail() }
        let start = index
        if try skipString() { throw Bail() }
        let name = start..<index
        // Names equal under Unicode canonical equivalence are one member to the full parser;
        // bytes tell only ASCII names apart, so any other name goes to the full writer.
        for i in name where bytes[i] >= 0x80 { throw Bail() }
        for other in seen where equal(other, name) { throw Bail() }
        seen.append(name)
        skipWhitespace()
        guard try byte() == UInt8(ascii: ":") else { throw Bail() }
        index += 1
        skipWhitespace()
        return name
    }

    /// One member as `"name": value` with the value at `level`.
    mutating func writeMember(_ name: Range<Int>, level: Int, into out: inout [UInt8]) throws(Bail) {
        try writeString(name, escaped: false, into: &out)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
        try writeValue(level: level, into: &out)
    }

    /// The root object, with `metadata.resourceVersion` put where `Pod.presented()` puts it.
    mutating func writeRoot(resourceVersion: Int64, into out: inout [UInt8]) throws(Bail) {
        let level = Self.itemLevel
        try enter()
        index += 1
        skipWhitespace()
        var seen: [Range<Int>] = []
        var sawMetadata = false
        out.append(UInt8(ascii: "{"))
        var more = try byte() != UInt8(ascii: "}")
        if !more { throw Bail() }  // no metadata
        var first = true
        while more {
            let name = try memberName(seen: &seen)
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            Self.newline(level + 1, into: &out)
            if isQuoted(name, "kind") {
                let start = index
                if try skipValue() { throw Bail() }
                let kind = start..<index
                guard isQuoted(kind, "Pod") else { throw Bail() }
                try writeString(name, escaped: false, into: &out)
                out.append(contentsOf: ": \"Pod\"".utf8)
            } else if isQuoted(name, "metadata") {
                guard try byte() == UInt8(ascii: "{") else { throw Bail() }
                sawMetadata = true
                try writeString(name, escaped: false, into: &out)
                out.append(contentsOf: ": ".utf8)
                try writeMetadata(resourceVersion: resourceVersion, level: level + 1, into: &out)
            } else {
                try writeMember(name, level: level + 1, into: &out)
            }
            more = try separator(close: UInt8(ascii: "}"))
        }
        guard sawMetadata else { throw Bail() }
        Self.newline(level, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `metadata` at `level`: its members without a stored resourceVersion, with the given one
    /// after `uid`, else after the later of `namespace` and `name`, else first.
    mutating func writeMetadata(resourceVersion: Int64, level: Int, into out: inout [UInt8]) throws(Bail) {
        try enter()
        index += 1
        skipWhitespace()
        var seen: [Range<Int>] = []
        var members: [[UInt8]] = []
        var uid: Int?
        var nameOrNamespace: Int?
        var more = try byte() != UInt8(ascii: "}")
        if !more {
            index += 1
            depth -= 1
        }
        while more {
            let name = try memberName(seen: &seen)
            if isQuoted(name, "resourceVersion") {
                _ = try skipValue()
            } else {
                if isQuoted(name, "uid") { uid = members.count }
                if isQuoted(name, "name") || isQuoted(name, "namespace") { nameOrNamespace = members.count }
                var member: [UInt8] = []
                try writeMember(name, level: level + 1, into: &member)
                members.append(member)
            }
            more = try separator(close: UInt8(ascii: "}"))
        }
        var version: [UInt8] = Array("\"resourceVersion\": \"".utf8)
        version.append(contentsOf: String(resourceVersion).utf8)
        version.append(UInt8(ascii: "\""))
        members.insert(version, at: (uid ?? nameOrNamespace).map { $0 + 1 } ?? 0)
        out.append(UInt8(ascii: "{"))
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.newline(level + 1, into: &out)
            out.append(contentsOf: member)
        }
        Self.newline(level, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Any value at `level`, in the indented form.
    mutating func writeValue(level: Int, into out: inout [UInt8]) throws(Bail) {
        switch try byte() {
        case UInt8(ascii: "{"):
            guard try beginObject() else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            var seen: [Range<Int>] = []
            var first = true
            repeat {
                let name = try memberName(seen: &seen)
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.newline(level + 1, into: &out)
                try writeMember(name, level: level + 1, into: &out)
            } while try separator(close: UInt8(ascii: "}"))
            Self.newline(level, into: &out)
            out.append(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            guard try beginArray() else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            var first = true
            repeat {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.newline(level + 1, into: &out)
                try writeValue(level: level + 1, into: &out)
            } while try separator(close: UInt8(ascii: "]"))
            Self.newline(level, into: &out)
            out.append(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            let start = index
            let escaped = try skipString()
            try writeString(start..<index, escaped: escaped, into: &out)
        default:
            let start = index
            _ = try skipValue()
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
    }

    /// A string (its range includes the quotes) as the indented form writes it: copied when it
    /// needs no escape there, otherwise decoded and written by `JSONWriter`.
    func writeString(_ range: Range<Int>, escaped: Bool, into out: inout [UInt8]) throws(Bail) {
        if !escaped {
            var plain = true
            var i = range.lowerBound + 1
            let end = range.upperBound - 1
            while i < end {
                let b = bytes[i]
                if b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&") || b == 0x7F
                    || (b == 0xC2 && i + 1 < end && bytes[i + 1] <= 0x9F)
                    || (b == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
                    plain = false
                    break
                }
                i += 1
            }
            if plain {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
                return
            }
        }
        let value: JSONValue
        do { value = try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range])) } catch { throw Bail() }
        var text = JSONWriter.pretty(value)
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}

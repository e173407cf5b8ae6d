import Etcd
import Foundation
import Ops
import PodModel

/// A fast path from a stored JSON value to its ``PodRow``: the bytes are scanned once, the
/// members the row reads are kept and everything else (most of the spec, annotations,
/// managed fields) is validated and skipped without building values. The kept members form a
/// small document that goes through the same `Pod` and ``PodRow`` code as a full decode, so
/// the row is the same.
///
/// The scanner only answers when it is sure the full decoder would accept the value and read
/// the same members: anything it does not handle itself (an escaped member name, a member a
/// row reads that appears twice, deep nesting, a control character, a byte that is not
/// well-formed UTF-8, malformed JSON, a `kind` other than `Pod`) makes it return nil, and the
/// caller decodes the value in full, which also gives the exact error for an unreadable one.
enum PodRowScanner {
    /// What to keep of a value.
    indirect enum Keep: Sendable {
        /// The whole value.
        case all
        /// Only the named members of an object (a value of another type is kept whole).
        case members([(name: [UInt8], keep: Keep)])
        /// Each element of an array, kept as described (a value of another type is kept whole).
        case elements(Keep)

        static func object(_ members: KeyValuePairs<String, Keep>) -> Keep {
            .members(members.map { (name: Array($0.key.utf8), keep: $0.value) })
        }
    }

    /// The members ``PodRow`` and `Pod.kubectlColumns` read.
    static let rowMembers: Keep = {
        let containerStatus = Keep.object(["name": .all, "state": .all, "lastState": .all, "ready": .all,
                                           "restartCount": .all, "started": .all])
        return .object([
            "kind": .all,
            "metadata": .object(["name": .all, "namespace": .all, "labels": .all, "creationTimestamp": .all,
                                 "deletionTimestamp": .all]),
            "spec": .object([
                "containers": .elements(.object(["name": .all, "image": .all, "imagePullPolicy": .all])),
                "initContainers": .elements(.object(["name": .all, "image": .all, "imagePullPolicy": .all,
                                                     "restartPolicy": .all])),
                "nodeName": .all,
            ]),
            "status": .object([
                "phase": .all, "reason": .all, "podIP": .all, "qosClass": .all,
                "conditions": .elements(.object(["type": .all, "status": .all, "reason": .all])),
                "containerStatuses": .elements(containerStatus),
                "initContainerStatuses": .elements(containerStatus),
            ]),
        ])
    }()

    /// The row of a JSON pod value, or nil when the value needs the full decoder.
    static func row(_ kv: KeyValue, key: PodKey) -> PodRow? {
        guard let document = prunedDocument(kv.value),
              var pod = try? Pod(json: document) else { return nil }
        pod.resourceVersion = kv.modRevision
        return PodRow(PodRecord(key: key, pod: pod, createRevision: kv.createRevision, modRevision: kv.modRevision,
                                encoding: .json))
    }

    /// The members of the stored JSON object `bytes` that a row reads, or nil (see the type).
    static func prunedDocument(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
            var scanner = Scanner(bytes: buffer)
            do throws(Bail) {
                scanner.skipWhitespace()
                guard scanner.index < buffer.count, buffer[scanner.index] == UInt8(ascii: "{") else { return nil }
                let document = try scanner.value(rowMembers)
                scanner.skipWhitespace()
                guard scanner.index == buffer.count else { return nil }
                if let kind = document["kind"], kind != .string("Pod") { return nil }
                return document
            } catch {
                return nil
            }
        }
    }

    struct Bail: Error {}

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0
        static let maximumDepth = 64

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        func byte() throws(Bail) -> UInt8 {
            guard index < bytes.count else { throw Bail() }
            return bytes[index]
        }

        /// Reads a value at the current position (after whitespace), keeping what `keep` says.
        mutating func value(_ keep: Keep) throws(Bail) -> JSONValue {
            skipWhitespace()
            let first = try byte()
            switch keep {
            case .members(let members) where first == UInt8(ascii: "{"):
                return try object(members)
            case .elements(let element) where first == UInt8(ascii: "["):
                return try array(element)
            default:
                let start = index
                let escaped = try skipValue()
                return try whole(start..<index, escaped: escaped)
            }
        }

        mutating func enter() throws(Bail) {
            depth += 1
            guard depth <= Self.maximumDepth else { throw Bail() }
        }

        private mutating func object(_ members: [(name: [UInt8], keep: Keep)]) throws(Bail) -> JSONValue {
            try enter()
            index += 1
            skipWhitespace()
            guard case .object(var kept) = JSONValue.emptyObject else { throw Bail() }
            if try byte() == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object([:])
            }
            while true {
                guard try byte() == UInt8(ascii: "\"") else { throw Bail() }
                let nameStart = index + 1
                if try skipString() { throw Bail() }  // an escaped name could spell a kept one
                let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<(index - 1)])
                skipWhitespace()
                guard try byte() == UInt8(ascii: ":") else { throw Bail() }
                index += 1
                if let keep = members.first(where: { $0.name.elementsEqual(name) }) {
                    let key = String(decoding: name, as: UTF8.self)
                    guard kept[key] == nil else { throw Bail() }
                    kept[key] = try value(keep.keep)
                } else {
                    skipWhitespace()
                    _ = try skipValue()
                }
                skipWhitespace()
                switch try byte() {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                case UInt8(ascii: "}"):
                    index += 1
                    depth -= 1
                    return .object(kept)
                default:
                    throw Bail()
                }
            }
        }

        private mutating func array(_ element: Keep) throws(Bail) -> JSONValue {
            try enter()
            index += 1
            skipWhitespace()
            var elements: [JSONValue] = []
            if try byte() == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array([])
            }
            while true {
                elements.append(try value(element))
                skipWhitespace()
                switch try byte() {
                case UInt8(ascii: ","):
                    index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    depth -= 1
                    return .array(elements)
                default:
                    throw Bail()
                }
            }
        }

        /// A kept value, already validated by ``skipValue()``: simple ones are built here, the rest
        /// by the full parser.
        private func whole(_ range: Range<Int>, escaped: Bool) throws(Bail) -> JSONValue {
            switch bytes[range.lowerBound] {
            case UInt8(ascii: "\"") where !escaped:
                return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]),
                                      as: UTF8.self))
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            case UInt8(ascii: "n"): return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            default:
                do { return try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range])) } catch { throw Bail() }
            }
        }

        /// Skips one value, checking its grammar; returns whether it holds a backslash escape.
        mutating func skipValue() throws(Bail) -> Bool {
            switch try byte() {
            case UInt8(ascii: "{"):
                try enter()
                index += 1
                skipWhitespace()
                var escaped = false
                if try byte() == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return false
                }
                while true {
                    guard try byte() == UInt8(ascii: "\"") else { throw Bail() }
                    if try skipString() { escaped = true }
                    skipWhitespace()
                    guard try byte() == UInt8(ascii: ":") else { throw Bail() }
                    index += 1
                    skipWhitespace()
                    if try skipValue() { escaped = true }
                    skipWhitespace()
                    switch try byte() {
                    case UInt8(ascii: ","):
                        index += 1
                        skipWhitespace()
                    case UInt8(ascii: "}"):
                        index += 1
                        depth -= 1
                        return escaped
                    default:
                        throw Bail()
                    }
                }
            case UInt8(ascii: "["):
                try enter()
                index += 1
                skipWhitespace()
                var escaped = false
                if try byte() == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    return false
                }
                while true {
                    skipWhitespace()
                    if try skipValue() { escaped = true }
                    skipWhitespace()
                    switch try byte() {
                    case UInt8(ascii: ","):
                        index += 1
                    case UInt8(ascii: "]"):
                        index += 1
                        depth -= 1
                        return escaped
                    default:
                        throw Bail()
                    }
                }
            case UInt8(ascii: "\""):
                return try skipString()
            case UInt8(ascii: "t"):
                try literal("true")
            case UInt8(ascii: "f"):
                try literal("false")
            case UInt8(ascii: "n"):
                try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try skipNumber()
            default:
                throw Bail()
            }
            return false
        }

        private mutating func literal(_ text: StaticString) throws(Bail) {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw Bail() }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Bail() }
            index += count
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private mutating func skipDigits() throws(Bail) {
            guard index < bytes.count, isDigit(bytes[index]) else { throw Bail() }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }

        /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        private mutating func skipNumber() throws(Bail) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            if try byte() == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw Bail() }
            } else {
                try skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                try skipDigits()
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                try skipDigits()
            }
        }

        /// Skips the string at the current quote; returns whether it holds a backslash escape.
        /// Control characters and bytes that are not well-formed UTF-8 bail.
        mutating func skipString() throws(Bail) -> Bool {
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return escaped
                case UInt8(ascii: "\\"):
                    escaped = true
                    guard index + 1 < bytes.count else { throw Bail() }
                    switch bytes[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 6 <= bytes.count else { throw Bail() }
                        for offset in 2..<6 where !isHex(bytes[index + offset]) { throw Bail() }
                        index += 6
                    default:
                        throw Bail()
                    }
                case 0..<0x20:
                    throw Bail()
                case 0x20..<0x80:
                    index += 1
                default:
                    index += try utf8SequenceLength()
                }
            }
            throw Bail()
        }

        private func isHex(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
        }

        /// The length of the well-formed UTF-8 sequence at the current (non-ASCII) byte.
        private func utf8SequenceLength() throws(Bail) -> Int {
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            let length: Int
            switch bytes[index] {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: throw Bail()
            }
            guard index + length <= bytes.count else { throw Bail() }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { throw Bail() }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { throw Bail() }
            return length
        }
    }
}

import Foundation

extension PodSummary {
    /// Reads the summary straight from a stored JSON pod, building no document: the bytes are
    /// scanned once, the members a summary reads are taken and everything else is checked and
    /// skipped.
    ///
    /// Nil whenever the full decoder is needed (it accepts the value or says why not): anything
    /// ``JSONCursor`` is not sure of, a member read here that appears twice in its object, a
    /// duplicate or non-string label, a `kind` other than an unescaped `"Pod"`, a value that is
    /// not an object. Otherwise the summary is ``init(pod:)`` of the decoded pod.
    public init?(storedJSON bytes: [UInt8]) {
        let summary = bytes.withUnsafeBufferPointer { buffer -> PodSummary? in
            var reader = Reader(cursor: JSONCursor(bytes: buffer))
            do throws(JSONCursor.Bail) {
                return try reader.pod()
            } catch {
                return nil
            }
        }
        guard let summary else { return nil }
        self = summary
    }

    /// Names read from one object, each allowed once.
    private struct Seen {
        var bits: UInt32 = 0
        mutating func insert(_ member: Int) throws(JSONCursor.Bail) {
            let bit: UInt32 = 1 << UInt32(member)
            guard bits & bit == 0 else { throw JSONCursor.Bail() }
            bits |= bit
        }
    }

    private struct Reader {
        var cursor: JSONCursor
        var summary = PodSummary()

        /// The member of `names` that `name` is, or nil.
        func which(_ name: Range<Int>, _ names: [StaticString]) -> Int? {
            for (i, candidate) in names.enumerated() where cursor.isName(name, candidate) { return i }
            return nil
        }

        /// Calls `body` with each member name of the object at the current position, which
        /// reads the value; an object member read twice bails. A value of another type is
        /// skipped (the pod's accessors see no object there).
        mutating func members(_ names: [StaticString], _ body: (inout Reader, Int) throws(JSONCursor.Bail) -> Void) throws(JSONCursor.Bail) {
            guard try cursor.byte() == UInt8(ascii: "{") else {
                _ = try cursor.skipValue()
                return
            }
            guard try cursor.beginObject() else { return }
            var seen = Seen()
            repeat {
                let name = try cursor.memberName()
                if let member = which(name, names) {
                    try seen.insert(member)
                    try body(&self, member)
                } else {
                    _ = try cursor.skipValue()
                }
            } while try cursor.nextMember()
        }

        /// Calls `body` for each element of the array at the current position (another type is
        /// skipped).
        mutating func elements(_ body: (inout Reader) throws(JSONCursor.Bail) -> Void) throws(JSONCursor.Bail) {
            guard try cursor.byte() == UInt8(ascii: "[") else {
                _ = try cursor.skipValue()
                return
            }
            guard try cursor.beginArray() else { return }
            repeat {
                try body(&self)
            } while try cursor.nextElement()
        }

        var isObject: Bool { cursor.index < cursor.bytes.count && cursor.bytes[cursor.index] == UInt8(ascii: "{") }

        mutating func pod() throws(JSONCursor.Bail) -> PodSummary {
            cursor.skipWhitespace()
            guard isObject else { throw JSONCursor.Bail() }
            try members(["kind", "metadata", "spec", "status"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0:
                    guard try r.cursor.byte() == UInt8(ascii: "\"") else { throw JSONCursor.Bail() }
                    let start = r.cursor.index
                    guard try !r.cursor.skipString(), r.cursor.isName((start + 1)..<(r.cursor.index - 1), "Pod") else {
                        throw JSONCursor.Bail()
                    }
                case 1: try r.metadata()
                case 2: try r.spec()
                default: try r.status()
                }
            }
            cursor.skipWhitespace()
            guard cursor.index == cursor.bytes.count else { throw JSONCursor.Bail() }
            return summary
        }

        mutating func metadata() throws(JSONCursor.Bail) {
            try members(["labels", "creationTimestamp", "deletionTimestamp"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0: try r.labels()
                case 1: r.summary.creationTimestamp = try r.cursor.date()
                default: r.summary.isDeleting = try !r.cursor.skipIsNull()
                }
            }
        }

        /// String labels; a non-string value or a key that appears twice (as Swift compares
        /// strings, as the full parser's dictionary does) bails.
        mutating func labels() throws(JSONCursor.Bail) {
            guard try cursor.byte() == UInt8(ascii: "{") else {
                _ = try cursor.skipValue()
                return
            }
            guard try cursor.beginObject() else { return }
            var labels: [LabelPair] = []
            repeat {
                guard try cursor.byte() == UInt8(ascii: "\"") else { throw JSONCursor.Bail() }
                let start = cursor.index
                let escaped = try cursor.skipString()
                let key = try cursor.text(start..<cursor.index, escaped: escaped)
                cursor.skipWhitespace()
                guard try cursor.byte() == UInt8(ascii: ":") else { throw JSONCursor.Bail() }
                cursor.index += 1
                cursor.skipWhitespace()
                guard try cursor.byte() == UInt8(ascii: "\""), let value = try cursor.string() else { throw JSONCursor.Bail() }
                labels.append(LabelPair(key, value))
            } while try cursor.nextMember()
            if labels.count <= 16 {
                for i in labels.indices.dropFirst() {
                    for j in 0..<i where labels[j].key == labels[i].key { throw JSONCursor.Bail() }
                }
            } else if Set(labels.map(\.key)).count != labels.count {
                throw JSONCursor.Bail()
            }
            summary.labels = labels
        }

        mutating func spec() throws(JSONCursor.Bail) {
            try members(["containers", "initContainers", "nodeName"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0:
                    try r.elements { r throws(JSONCursor.Bail) in
                        r.summary.containerEntries += 1
                        if let container = try r.container(isInit: false) { r.summary.containers.append(container) }
                    }
                case 1:
                    try r.elements { r throws(JSONCursor.Bail) in
                        r.summary.initContainerEntries += 1
                        _ = try r.container(isInit: true)
                    }
                default: r.summary.nodeName = try r.cursor.string()
                }
            }
        }

        /// One entry of `containers` or `initContainers`; nil for an entry that is not an object.
        mutating func container(isInit: Bool) throws(JSONCursor.Bail) -> Container? {
            guard isObject else {
                _ = try cursor.skipValue()
                return nil
            }
            var container = Container(name: "", image: nil, imagePullPolicy: nil)
            var restartPolicy: String?
            var nameIsString = false
            var probes = false
            try members(["name", "image", "imagePullPolicy", "restartPolicy", "livenessProbe", "readinessProbe",
                         "startupProbe"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0:
                    if let name = try r.cursor.string() {
                        container.name = name
                        nameIsString = true
                    }
                case 1: container.image = try r.cursor.string()
                case 2: container.imagePullPolicy = try r.cursor.string()
                case 3: restartPolicy = try r.cursor.string()
                default: if try !r.cursor.skipIsNull() { probes = true }
                }
            }
            if probes { summary.declaresProbes = true }
            if isInit, restartPolicy == "Always" {
                summary.sidecarCount += 1
                if nameIsString { summary.sidecarNames.append(container.name) }
            }
            return container
        }

        mutating func status() throws(JSONCursor.Bail) {
            try members(["phase", "reason", "podIP", "qosClass", "conditions", "containerStatuses",
                         "initContainerStatuses"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0: r.summary.phase = try r.cursor.string()
                case 1: r.summary.reason = try r.cursor.string()
                case 2: r.summary.podIP = try r.cursor.string()
                case 3: r.summary.qosClass = try r.cursor.string()
                case 4:
                    try r.elements { r throws(JSONCursor.Bail) in
                        guard r.isObject else {
                            _ = try r.cursor.skipValue()
                            return
                        }
                        var type: String?, status: String?, reason: String?
                        try r.members(["type", "status", "reason"]) { r, member throws(JSONCursor.Bail) in
                            switch member {
                            case 0: type = try r.cursor.string()
                            case 1: status = try r.cursor.string()
                            default: reason = try r.cursor.string()
                            }
                        }
                        r.summary.conditions.formUnion(.of(type: type, status: status, reason: reason))
                    }
                case 5:
                    try r.elements { r throws(JSONCursor.Bail) in
                        if let status = try r.containerStatus() { r.summary.containerStatuses.append(status) }
                    }
                default:
                    try r.elements { r throws(JSONCursor.Bail) in
                        if let status = try r.containerStatus() { r.summary.initContainerStatuses.append(status) }
                    }
                }
            }
        }

        /// One entry of a status list; nil for an entry that is not an object.
        mutating func containerStatus() throws(JSONCursor.Bail) -> Status? {
            guard isObject else {
                _ = try cursor.skipValue()
                return nil
            }
            var status = Status()
            try members(["name", "restartCount", "ready", "started", "state", "lastState"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0: status.name = try r.cursor.string()
                case 1: status.restartCount = try r.cursor.int() ?? 0
                case 2: status.isReady = try r.cursor.bool() == true
                case 3: status.isStarted = try r.cursor.bool() == true
                case 4:
                    try r.members(["waiting", "running", "terminated"]) { r, member throws(JSONCursor.Bail) in
                        switch member {
                        case 0:
                            try r.members(["reason"]) { r, _ throws(JSONCursor.Bail) in
                                status.waitingReason = try r.cursor.string() ?? ""
                            }
                        case 1:
                            status.isRunning = r.isObject
                            _ = try r.cursor.skipValue()
                        default:
                            guard r.isObject else {
                                _ = try r.cursor.skipValue()
                                return
                            }
                            var terminated = Terminated()
                            try r.members(["exitCode", "signal", "reason"]) { r, member throws(JSONCursor.Bail) in
                                switch member {
                                case 0: terminated.exitCode = try r.cursor.int() ?? 0
                                case 1: terminated.signal = try r.cursor.int() ?? 0
                                default: terminated.reason = try r.cursor.string() ?? ""
                                }
                            }
                            status.terminated = terminated
                        }
                    }
                default:
                    try r.members(["terminated"]) { r, _ throws(JSONCursor.Bail) in
                        try r.members(["finishedAt"]) { r, _ throws(JSONCursor.Bail) in
                            status.lastFinishedAt = try r.cursor.date()
                        }
                    }
                }
            }
            return status
        }
    }
}

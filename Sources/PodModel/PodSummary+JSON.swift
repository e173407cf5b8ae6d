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
        guard let (summary, _) = Self.read(storedJSON: bytes, probes: false) else { return nil }
        self = summary
    }

    /// Reads the summary and the ``PodProbeFacts`` of a stored JSON pod in the same scan, as
    /// ``init(storedJSON:)`` does; only the probe members and ports of containers that declare
    /// a probe are parsed into values. Nil whenever the full decoder is needed; otherwise the
    /// facts are ``PodProbeFacts/init(pod:)``'s as far as the probe planner reads them.
    public static func withProbeFacts(storedJSON bytes: [UInt8]) -> (summary: PodSummary, probes: PodProbeFacts)? {
        guard let (summary, probes) = read(storedJSON: bytes, probes: true), let probes else { return nil }
        return (summary, probes)
    }

    private static func read(storedJSON bytes: [UInt8], probes: Bool) -> (PodSummary, PodProbeFacts?)? {
        bytes.withUnsafeBufferPointer { buffer -> (PodSummary, PodProbeFacts?)? in
            var reader = Reader(cursor: JSONCursor(bytes: buffer))
            if probes { reader.probes = PodProbeFacts() }
            do throws(JSONCursor.Bail) {
                let summary = try reader.pod()
                reader.probes?.podIP = summary.podIP
                return (summary, reader.probes)
            } catch {
                return nil
            }
        }
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
        /// The probe facts, when asked for.
        var probes: PodProbeFacts?

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
            try members(["labels", "creationTimestamp", "deletionTimestamp", "uid"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0: try r.labels()
                case 1: r.summary.creationTimestamp = try r.cursor.date()
                case 2: r.summary.isDeleting = try !r.cursor.skipIsNull()
                default:
                    if r.probes != nil {
                        r.probes?.uid = try r.cursor.string()
                    } else {
                        _ = try r.cursor.skipValue()
                    }
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
                        if let container = try r.container(index: r.summary.containerEntries - 1, isInit: false) {
                            r.summary.containers.append(container)
                        }
                    }
                case 1:
                    try r.elements { r throws(JSONCursor.Bail) in
                        r.summary.initContainerEntries += 1
                        _ = try r.container(index: r.summary.initContainerEntries - 1, isInit: true)
                    }
                default: r.summary.nodeName = try r.cursor.string()
                }
            }
        }

        /// One entry of `containers` or `initContainers` at `index`; nil for an entry that is not
        /// an object. With probe facts asked for, a container that declares a probe is added to
        /// them: its probe members and ports are parsed from their bytes (already checked here).
        mutating func container(index: Int, isInit: Bool) throws(JSONCursor.Bail) -> Container? {
            guard isObject else {
                _ = try cursor.skipValue()
                return nil
            }
            var container = Container(name: "", image: nil, imagePullPolicy: nil)
            var restartPolicy: String?
            var nameIsString = false
            var probes = false
            var liveness: Range<Int>?, readiness: Range<Int>?, startup: Range<Int>?, ports: Range<Int>?
            try members(["name", "image", "imagePullPolicy", "restartPolicy", "ports", "livenessProbe", "readinessProbe",
                         "startupProbe"]) { r, member throws(JSONCursor.Bail) in
                let start = r.cursor.index
                switch member {
                case 0:
                    if let name = try r.cursor.string() {
                        container.name = name
                        nameIsString = true
                    }
                case 1: container.image = try r.cursor.string()
                case 2: container.imagePullPolicy = try r.cursor.string()
                case 3: restartPolicy = try r.cursor.string()
                case 4:
                    _ = try r.cursor.skipValue()
                    ports = start..<r.cursor.index
                default:
                    if try !r.cursor.skipIsNull() { probes = true }
                    switch member {
                    case 5: liveness = start..<r.cursor.index
                    case 6: readiness = start..<r.cursor.index
                    default: startup = start..<r.cursor.index
                    }
                }
            }
            if probes {
                summary.declaresProbes = true
                if self.probes != nil {
                    let spec = PodProbeFacts.container(
                        name: nameIsString ? container.name : nil, ports: try value(ports), restartPolicy: restartPolicy,
                        probes: (try value(liveness), try value(readiness), try value(startup)), index: index, isInit: isInit)
                    if isInit { self.probes?.initContainers.append(spec) } else { self.probes?.containers.append(spec) }
                }
            }
            if isInit, restartPolicy == "Always" {
                summary.sidecarCount += 1
                if nameIsString { summary.sidecarNames.append(container.name) }
            }
            return container
        }

        /// The value whose bytes `range` holds (already checked by the cursor), parsed as the full
        /// parser parses it; nil for nil.
        func value(_ range: Range<Int>?) throws(JSONCursor.Bail) -> JSONValue? {
            guard let range else { return nil }
            guard let value = try? JSONParser.parse(UnsafeBufferPointer(rebasing: cursor.bytes[range])) else { throw JSONCursor.Bail() }
            return value
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
                        if let (status, run) = try r.containerStatus() {
                            r.summary.containerStatuses.append(status)
                            if let run { r.probes?.containerStatuses.append(run) }
                        }
                    }
                default:
                    try r.elements { r throws(JSONCursor.Bail) in
                        if let (status, run) = try r.containerStatus() {
                            r.summary.initContainerStatuses.append(status)
                            if let run { r.probes?.initContainerStatuses.append(run) }
                        }
                    }
                }
            }
        }

        /// One entry of a status list and, with probe facts asked for, its ``PodProbeFacts/ContainerRun``;
        /// nil for an entry that is not an object.
        mutating func containerStatus() throws(JSONCursor.Bail) -> (Status, PodProbeFacts.ContainerRun?)? {
            guard isObject else {
                _ = try cursor.skipValue()
                return nil
            }
            let wantsRun = probes != nil
            var status = Status()
            var containerID: String?
            // What `ContainerState(json:)` reads: waiting wins over terminated over running.
            var waiting: String?? = nil, terminated: (reason: String?, exitCode: Int?)? = nil, running: Date?? = nil
            try members(["name", "restartCount", "ready", "started", "state", "lastState", "containerID"]) { r, member throws(JSONCursor.Bail) in
                switch member {
                case 0: status.name = try r.cursor.string()
                case 1: status.restartCount = try r.cursor.int() ?? 0
                case 2: status.isReady = try r.cursor.bool() == true
                case 3: status.isStarted = try r.cursor.bool() == true
                case 4:
                    try r.members(["waiting", "running", "terminated"]) { r, member throws(JSONCursor.Bail) in
                        switch member {
                        case 0:
                            var reason: String?
                            if r.isObject { waiting = .some(nil) }
                            try r.members(["reason"]) { r, _ throws(JSONCursor.Bail) in
                                reason = try r.cursor.string()
                            }
                            status.waitingReason = reason ?? ""
                            if waiting != nil { waiting = .some(reason) }
                        case 1:
                            status.isRunning = r.isObject
                            if wantsRun, r.isObject {
                                var startedAt: Date?
                                try r.members(["startedAt"]) { r, _ throws(JSONCursor.Bail) in
                                    startedAt = try r.cursor.date()
                                }
                                running = .some(startedAt)
                            } else {
                                _ = try r.cursor.skipValue()
                            }
                        default:
                            guard r.isObject else {
                                _ = try r.cursor.skipValue()
                                return
                            }
                            var t = Terminated()
                            var reason: String?, exitCode: Int?
                            try r.members(["exitCode", "signal", "reason"]) { r, member throws(JSONCursor.Bail) in
                                switch member {
                                case 0: exitCode = try r.cursor.int()
                                case 1: t.signal = try r.cursor.int() ?? 0
                                default: reason = try r.cursor.string()
                                }
                            }
                            t.exitCode = exitCode ?? 0
                            t.reason = reason ?? ""
                            status.terminated = t
                            terminated = (reason, exitCode)
                        }
                    }
                case 5:
                    try r.members(["terminated"]) { r, _ throws(JSONCursor.Bail) in
                        try r.members(["finishedAt"]) { r, _ throws(JSONCursor.Bail) in
                            status.lastFinishedAt = try r.cursor.date()
                        }
                    }
                default:
                    if wantsRun {
                        containerID = try r.cursor.string()
                    } else {
                        _ = try r.cursor.skipValue()
                    }
                }
            }
            guard wantsRun else { return (status, nil) }
            let state: ContainerState
            if let waiting {
                state = .waiting(reason: waiting)
            } else if let terminated {
                state = .terminated(reason: terminated.reason, exitCode: terminated.exitCode)
            } else if let running {
                state = .running(startedAt: running)
            } else {
                state = .unknown
            }
            return (status, PodProbeFacts.ContainerRun(name: status.name, containerID: containerID, state: state))
        }
    }
}

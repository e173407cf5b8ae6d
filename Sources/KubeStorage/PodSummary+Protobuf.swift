import WireFormat
import Foundation
import PodModel

extension PodSummary {
    /// Reads the summary straight from a pod stored in the apiserver's protobuf envelope,
    /// building no document: the fields a summary reads are taken from the wire and every other
    /// field is checked against the schema (``KubeMessageCheck``) and skipped.
    ///
    /// Nil whenever the full decoder is needed: an envelope that is not `v1` `Pod` or not plain,
    /// bytes the decoder would refuse, a wire situation the reader does not follow (a singular
    /// message written twice, a label key written twice). Otherwise the summary is
    /// ``init(pod:)`` of the pod `PodStorageCodec` decodes.
    public init?(storedProtobuf bytes: [UInt8]) {
        guard let (summary, _) = Self.read(storedProtobuf: bytes, probes: false) else { return nil }
        self = summary
    }

    /// Reads the summary and the ``PodProbeFacts`` of a pod stored in the apiserver's protobuf
    /// envelope in the same walk, as ``init(storedProtobuf:)`` does; only the probes and ports of
    /// containers that declare a probe are decoded (by the full decoder's own code). Nil whenever
    /// the full decoder is needed; otherwise the facts are ``PodProbeFacts/init(pod:)``'s of the
    /// decoded pod as far as the probe planner reads them.
    public static func withProbeFacts(storedProtobuf bytes: [UInt8]) -> (summary: PodSummary, probes: PodProbeFacts)? {
        guard let (summary, probes) = read(storedProtobuf: bytes, probes: true), let probes else { return nil }
        return (summary, probes)
    }

    private static func read(storedProtobuf bytes: [UInt8], probes: Bool) -> (PodSummary, PodProbeFacts?)? {
        bytes.withUnsafeBufferPointer { buffer -> (PodSummary, PodProbeFacts?)? in
            let reader = PodProtobufReader(bytes: buffer)
            do throws(KubeMessageCheck.Unsure) {
                guard let raw = try reader.podMessage() else { return nil }
                var summary = PodSummary()
                var facts: PodProbeFacts? = probes ? PodProbeFacts() : nil
                try reader.pod(raw, into: &summary, facts: &facts)
                facts?.podIP = summary.podIP
                return (summary, facts)
            } catch {
                return nil
            }
        }
    }
}

/// Reads a ``PodSummary`` from the wire; see ``PodSummary/init(storedProtobuf:)``.
private struct PodProtobufReader {
    typealias Unsure = KubeMessageCheck.Unsure

    /// Where the fields a summary reads are in the schema (numbers are -1 for fields this
    /// schema does not have).
    struct Layout {
        let schema: KubeSchema
        let pod, objectMeta, podSpec, container, podStatus, condition, containerStatus, state, waiting, terminated: Int
        let runningMessage, probe, port: Int
        let uid, ports, containerID, startedAt: Int
        let metadata, spec, status: Int
        let labels, creationTimestamp, deletionTimestamp: Int
        let containers, initContainers, nodeName: Int
        let name, image, imagePullPolicy, restartPolicy, livenessProbe, readinessProbe, startupProbe: Int
        let phase, reason, podIP, qosClass, conditions, containerStatuses, initContainerStatuses: Int
        let conditionType, conditionStatus, conditionReason: Int
        let statusName, restartCount, ready, started, stateField, lastState: Int
        let waitingField, running, terminatedField: Int
        let waitingReason: Int
        let exitCode, signal, terminatedReason, finishedAt: Int

        init(schema: KubeSchema) {
            self.schema = schema
            func message(_ name: String) -> Int {
                guard let index = schema.index["k8s.io.api.core.v1." + name] ?? schema.index["k8s.io.apimachinery.pkg.apis.meta.v1." + name] else {
                    preconditionFailure("the Kubernetes schema has no \(name): regenerate Sources/KubeAPI")
                }
                return index
            }
            func field(_ message: Int, _ name: String) -> Int { schema.messages[message].field(named: name)?.number ?? -1 }
            pod = message("Pod")
            objectMeta = message("ObjectMeta")
            podSpec = message("PodSpec")
            container = message("Container")
            podStatus = message("PodStatus")
            condition = message("PodCondition")
            containerStatus = message("ContainerStatus")
            state = message("ContainerState")
            waiting = message("ContainerStateWaiting")
            terminated = message("ContainerStateTerminated")
            runningMessage = message("ContainerStateRunning")
            probe = message("Probe")
            port = message("ContainerPort")
            uid = field(objectMeta, "uid")
            ports = field(container, "ports")
            containerID = field(containerStatus, "containerID")
            startedAt = field(runningMessage, "startedAt")
            metadata = field(pod, "metadata")
            spec = field(pod, "spec")
            status = field(pod, "status")
            labels = field(objectMeta, "labels")
            creationTimestamp = field(objectMeta, "creationTimestamp")
            deletionTimestamp = field(objectMeta, "deletionTimestamp")
            containers = field(podSpec, "containers")
            initContainers = field(podSpec, "initContainers")
            nodeName = field(podSpec, "nodeName")
            name = field(container, "name")
            image = field(container, "image")
            imagePullPolicy = field(container, "imagePullPolicy")
            restartPolicy = field(container, "restartPolicy")
            livenessProbe = field(container, "livenessProbe")
            readinessProbe = field(container, "readinessProbe")
            startupProbe = field(container, "startupProbe")
            phase = field(podStatus, "phase")
            reason = field(podStatus, "reason")
            podIP = field(podStatus, "podIP")
            qosClass = field(podStatus, "qosClass")
            conditions = field(podStatus, "conditions")
            containerStatuses = field(podStatus, "containerStatuses")
            initContainerStatuses = field(podStatus, "initContainerStatuses")
            conditionType = field(condition, "type")
            conditionStatus = field(condition, "status")
            conditionReason = field(condition, "reason")
            statusName = field(containerStatus, "name")
            restartCount = field(containerStatus, "restartCount")
            ready = field(containerStatus, "ready")
            started = field(containerStatus, "started")
            stateField = field(containerStatus, "state")
            lastState = field(containerStatus, "lastState")
            waitingField = field(state, "waiting")
            running = field(state, "running")
            terminatedField = field(state, "terminated")
            waitingReason = field(waiting, "reason")
            exitCode = field(terminated, "exitCode")
            signal = field(terminated, "signal")
            terminatedReason = field(terminated, "reason")
            finishedAt = field(terminated, "finishedAt")
        }
    }

    static let layout = Layout(schema: .shared)

    let check: KubeMessageCheck
    let layout: Layout
    var bytes: UnsafeBufferPointer<UInt8> { check.bytes }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        layout = Self.layout
        check = KubeMessageCheck(schema: layout.schema, bytes: bytes)
    }

    // MARK: Envelope

    /// The range of the Pod message in a plain `v1` `Pod` envelope, read as
    /// `StorageEnvelope(parsing:)` reads it; nil for any other value.
    func podMessage() throws(Unsure) -> Range<Int>? {
        guard bytes.count >= 4, bytes[0] == 0x6B, bytes[1] == 0x38, bytes[2] == 0x73, bytes[3] == 0x00 else { return nil }
        var fields = check.cursor(4..<bytes.count)
        var apiVersion: Range<Int>?, kind: Range<Int>?, raw: Range<Int>?
        while let field = try check.next(&fields) {
            switch field.number {
            case 1:
                guard field.wireType == 2 else { throw Unsure() }
                var meta = check.cursor(field.payload)
                while let part = try check.next(&meta) {
                    guard part.wireType == 2 else { continue }
                    if part.number == 1 { apiVersion = part.payload } else if part.number == 2 { kind = part.payload }
                }
            case 2:
                guard field.wireType == 2 else { throw Unsure() }
                raw = field.payload
            case 3, 4:
                guard field.wireType == 2 else { throw Unsure() }
            default:
                continue
            }
        }
        guard let raw, let apiVersion, let kind, equals(apiVersion, "v1"), equals(kind, "Pod") else { return nil }
        return raw
    }

    private func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount
            && UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Field helpers

    /// The known field `wire` is in message `message` (an index), with its position; nil for an unknown one.
    @inline(__always)
    func known(_ wire: WireField, _ message: Int) -> (KubeWireTable.Field, Int)? {
        check.known(wire.number, in: message)
    }

    /// A singular field read here: its wire type must be the schema's; a message may appear once.
    @inline(__always)
    func singular(_ wire: WireField, _ field: KubeWireTable.Field, _ position: Int, _ seen: inout KubeMessageCheck.Seen) throws(Unsure) {
        guard wire.wireType == field.wireType else { throw Unsure() }
        if field.isMessage { try seen.insert(position) }
    }

    /// An element of a repeated message field read here.
    @inline(__always)
    func element(_ wire: WireField) throws(Unsure) {
        guard wire.wireType == 2 else { throw Unsure() }
    }

    /// A string field as the JSON has it: nil when empty and the field is `omitempty`.
    func string(_ wire: WireField, _ field: KubeWireTable.Field) -> String? {
        if wire.payload.isEmpty && !field.emitsZero { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[wire.payload]), as: UTF8.self)
    }

    /// An int32 field as the JSON has it (present zeros and absent ones read the same: 0).
    func int32(_ wire: WireField) -> Int { Int(Int32(truncatingIfNeeded: wire.value)) }

    /// A `Time` message: its instant, nil for Go's zero time (`null`).
    func time(_ range: Range<Int>, depth: Int) throws(Unsure) -> Date? {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        return try check.time(range).map { Date(timeIntervalSince1970: Double($0)) }
    }

    // MARK: Messages

    func pod(_ range: Range<Int>, into summary: inout PodSummary, facts: inout PodProbeFacts?) throws(Unsure) {
        let message = layout.pod
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.metadata:
                try singular(wire, field, position, &seen)
                try objectMeta(wire.payload, depth: 1, into: &summary, facts: &facts)
            case layout.spec:
                try singular(wire, field, position, &seen)
                try podSpec(wire.payload, depth: 1, into: &summary, facts: &facts)
            case layout.status:
                try singular(wire, field, position, &seen)
                try podStatus(wire.payload, depth: 1, into: &summary, facts: &facts)
            default:
                try check.field(wire, field, position: position, depth: 0, seen: &seen)
            }
        }
    }

    func objectMeta(_ range: Range<Int>, depth: Int, into summary: inout PodSummary, facts: inout PodProbeFacts?) throws(Unsure) {
        let message = layout.objectMeta
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var labels: [LabelPair] = []
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.labels:
                labels.append(try label(wire, depth: depth + 1))
            case layout.creationTimestamp:
                try singular(wire, field, position, &seen)
                summary.creationTimestamp = try time(wire.payload, depth: depth + 1)
            case layout.deletionTimestamp:
                try singular(wire, field, position, &seen)
                summary.isDeleting = try time(wire.payload, depth: depth + 1) != nil
            case layout.uid where facts != nil:
                try singular(wire, field, position, &seen)
                facts?.uid = string(wire, field)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        // The decoder keeps the last value of a key (as Swift compares strings) and sorts the
        // keys byte-wise, as Go writes maps; a key written twice is not followed here.
        if labels.count <= 16 {
            for i in labels.indices.dropFirst() {
                for j in 0..<i where labels[j].key == labels[i].key { throw Unsure() }
            }
        } else if Set(labels.map(\.key)).count != labels.count {
            throw Unsure()
        }
        labels.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        summary.labels = labels
    }

    /// One `labels` entry (a `map<string, string>` entry at `depth`).
    func label(_ wire: WireField, depth: Int) throws(Unsure) -> LabelPair {
        guard wire.wireType == 2, depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        var parts = check.cursor(wire.payload)
        var key = "", value = ""
        while let part = try check.next(&parts) {
            guard part.number == 1 || part.number == 2 else { continue }
            guard part.wireType == 2 else { throw Unsure() }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[part.payload]), as: UTF8.self)
            if part.number == 1 { key = text } else { value = text }
        }
        return LabelPair(key, value)
    }

    func podSpec(_ range: Range<Int>, depth: Int, into summary: inout PodSummary, facts: inout PodProbeFacts?) throws(Unsure) {
        let message = layout.podSpec
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var nodeName: String?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.containers:
                try element(wire)
                summary.containerEntries += 1
                summary.containers.append(try container(wire.payload, depth: depth + 1, index: summary.containerEntries - 1,
                                                        isInit: false, into: &summary, facts: &facts))
            case layout.initContainers:
                try element(wire)
                summary.initContainerEntries += 1
                _ = try container(wire.payload, depth: depth + 1, index: summary.initContainerEntries - 1, isInit: true,
                                  into: &summary, facts: &facts)
            case layout.nodeName:
                try singular(wire, field, position, &seen)
                nodeName = string(wire, field)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        summary.nodeName = nodeName
    }

    /// One entry of `containers` or `initContainers` at `index`; with probe facts asked for, a
    /// container that declares a probe is added to them.
    func container(_ range: Range<Int>, depth: Int, index: Int, isInit: Bool, into summary: inout PodSummary,
                   facts: inout PodProbeFacts?) throws(Unsure) -> PodSummary.Container {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.container
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var container = PodSummary.Container(name: "", image: nil, imagePullPolicy: nil)
        var hasName = false
        var restartPolicy: String?
        var probes = false
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.name:
                try singular(wire, field, position, &seen)
                let name = string(wire, field)
                container.name = name ?? ""
                hasName = name != nil
            case layout.image:
                try singular(wire, field, position, &seen)
                container.image = string(wire, field)
            case layout.imagePullPolicy:
                try singular(wire, field, position, &seen)
                container.imagePullPolicy = string(wire, field)
            case layout.restartPolicy:
                try singular(wire, field, position, &seen)
                restartPolicy = string(wire, field)
            case layout.livenessProbe, layout.readinessProbe, layout.startupProbe:
                summary.declaresProbes = true
                probes = true
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        if probes, facts != nil {
            let spec = try probedContainer(range, depth: depth, index: index, isInit: isInit,
                                           name: hasName ? container.name : nil, restartPolicy: restartPolicy)
            if isInit { facts?.initContainers.append(spec) } else { facts?.containers.append(spec) }
        }
        if isInit, restartPolicy == "Always" {
            summary.sidecarCount += 1
            if hasName { summary.sidecarNames.append(container.name) }
        }
        return container
    }

    func podStatus(_ range: Range<Int>, depth: Int, into summary: inout PodSummary, facts: inout PodProbeFacts?) throws(Unsure) {
        let message = layout.podStatus
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var phase: String?, reason: String?, podIP: String?, qosClass: String?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.phase:
                try singular(wire, field, position, &seen)
                phase = string(wire, field)
            case layout.reason:
                try singular(wire, field, position, &seen)
                reason = string(wire, field)
            case layout.podIP:
                try singular(wire, field, position, &seen)
                podIP = string(wire, field)
            case layout.qosClass:
                try singular(wire, field, position, &seen)
                qosClass = string(wire, field)
            case layout.conditions:
                try element(wire)
                summary.conditions.formUnion(try condition(wire.payload, depth: depth + 1))
            case layout.containerStatuses:
                try element(wire)
                let (status, run) = try containerStatus(wire.payload, depth: depth + 1, run: facts != nil)
                summary.containerStatuses.append(status)
                if let run { facts?.containerStatuses.append(run) }
            case layout.initContainerStatuses:
                try element(wire)
                let (status, run) = try containerStatus(wire.payload, depth: depth + 1, run: facts != nil)
                summary.initContainerStatuses.append(status)
                if let run { facts?.initContainerStatuses.append(run) }
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        summary.phase = phase
        summary.reason = reason
        summary.podIP = podIP
        summary.qosClass = qosClass
    }

    func condition(_ range: Range<Int>, depth: Int) throws(Unsure) -> PodSummary.Conditions {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.condition
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var type: String?, status: String?, reason: String?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.conditionType:
                try singular(wire, field, position, &seen)
                type = string(wire, field)
            case layout.conditionStatus:
                try singular(wire, field, position, &seen)
                status = string(wire, field)
            case layout.conditionReason:
                try singular(wire, field, position, &seen)
                reason = string(wire, field)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        return .of(type: type, status: status, reason: reason)
    }

    /// One entry of a status list and, when `run` is true, its ``PodProbeFacts/ContainerRun``.
    func containerStatus(_ range: Range<Int>, depth: Int, run: Bool) throws(Unsure) -> (PodSummary.Status, PodProbeFacts.ContainerRun?) {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.containerStatus
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var status = PodSummary.Status()
        var containerID: String?
        var state = ContainerState.unknown
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.statusName:
                try singular(wire, field, position, &seen)
                status.name = string(wire, field)
            case layout.restartCount:
                try singular(wire, field, position, &seen)
                status.restartCount = int32(wire)
            case layout.ready:
                try singular(wire, field, position, &seen)
                status.isReady = wire.value != 0
            case layout.started:
                try singular(wire, field, position, &seen)
                status.isStarted = wire.value != 0
            case layout.stateField:
                try singular(wire, field, position, &seen)
                state = try self.state(wire.payload, depth: depth + 1, into: &status, run: run)
            case layout.lastState:
                try singular(wire, field, position, &seen)
                try lastState(wire.payload, depth: depth + 1, into: &status)
            case layout.containerID where run:
                try singular(wire, field, position, &seen)
                containerID = string(wire, field)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        guard run else { return (status, nil) }
        return (status, PodProbeFacts.ContainerRun(name: status.name, containerID: containerID, state: state))
    }

    /// `state`: waiting reason, running, terminated; and the state as ``ContainerState/init(json:)``
    /// reads the decoded JSON (with `run`; otherwise `.unknown`).
    func state(_ range: Range<Int>, depth: Int, into status: inout PodSummary.Status, run: Bool) throws(Unsure) -> ContainerState {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.state
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var waiting: String?? = nil, terminated: (reason: String?, exitCode: Int?)? = nil, running: Date?? = nil
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.waitingField:
                try singular(wire, field, position, &seen)
                let reason = try waitingReason(wire.payload, depth: depth + 1)
                status.waitingReason = reason ?? ""
                waiting = .some(reason)
            case layout.running:
                if run {
                    try singular(wire, field, position, &seen)
                    running = .some(try startedAt(wire.payload, depth: depth + 1))
                } else {
                    try check.field(wire, field, position: position, depth: depth, seen: &seen)
                }
                status.isRunning = true
            case layout.terminatedField:
                try singular(wire, field, position, &seen)
                let read = try self.terminated(wire.payload, depth: depth + 1)
                status.terminated = read.terminated
                terminated = (read.reason, read.exitCode)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        if let waiting { return .waiting(reason: waiting) }
        if let terminated { return .terminated(reason: terminated.reason, exitCode: terminated.exitCode) }
        if let running { return .running(startedAt: running) }
        return .unknown
    }

    /// `running`: its `startedAt`.
    func startedAt(_ range: Range<Int>, depth: Int) throws(Unsure) -> Date? {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.runningMessage
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var startedAt: Date?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            if wire.number == layout.startedAt {
                try singular(wire, field, position, &seen)
                startedAt = try time(wire.payload, depth: depth + 1)
            } else {
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        return startedAt
    }

    /// The container spec of a container that declares a probe, as far as the probe planner
    /// reads it: `ports` and the probes decoded by the full decoder (the container was checked
    /// already), `name` and `restartPolicy` as read.
    func probedContainer(_ range: Range<Int>, depth: Int, index: Int, isInit: Bool, name: String?,
                         restartPolicy: String?) throws(Unsure) -> ContainerSpec {
        var fields = check.cursor(range)
        var ports: [JSONValue] = []
        var probes: (JSONValue?, JSONValue?, JSONValue?) = (nil, nil, nil)
        while let wire = try check.next(&fields) {
            switch wire.number {
            case layout.ports: ports.append(try decoded(wire.payload, message: layout.port, depth: depth + 1))
            case layout.livenessProbe: probes.0 = try decoded(wire.payload, message: layout.probe, depth: depth + 1)
            case layout.readinessProbe: probes.1 = try decoded(wire.payload, message: layout.probe, depth: depth + 1)
            case layout.startupProbe: probes.2 = try decoded(wire.payload, message: layout.probe, depth: depth + 1)
            default: continue
            }
        }
        return PodProbeFacts.container(name: name, ports: ports.isEmpty ? nil : .array(ports), restartPolicy: restartPolicy,
                                       probes: probes, index: index, isInit: isInit)
    }

    /// The message at `range` as the full decoder decodes it into JSON.
    func decoded(_ range: Range<Int>, message: Int, depth: Int) throws(Unsure) -> JSONValue {
        do {
            return try KubeJSONDecoder(schema: layout.schema).object(WireReader(bytes: bytes), range: range, message: message,
                                                                     depth: depth, path: .root)
        } catch {
            throw Unsure()
        }
    }

    /// `lastState`: only `terminated.finishedAt` is read.
    func lastState(_ range: Range<Int>, depth: Int, into status: inout PodSummary.Status) throws(Unsure) {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.state
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            if wire.number == layout.terminatedField {
                try singular(wire, field, position, &seen)
                status.lastFinishedAt = try terminated(wire.payload, depth: depth + 1).finishedAt
            } else {
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
    }

    func waitingReason(_ range: Range<Int>, depth: Int) throws(Unsure) -> String? {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.waiting
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var reason: String?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            if wire.number == layout.waitingReason {
                try singular(wire, field, position, &seen)
                reason = string(wire, field)
            } else {
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        return reason
    }

    /// `terminated`: what the summary reads, and `reason` and `exitCode` as the decoded JSON has them.
    func terminated(_ range: Range<Int>, depth: Int) throws(Unsure)
        -> (terminated: PodSummary.Terminated, finishedAt: Date?, reason: String?, exitCode: Int?) {
        guard depth < ProtobufLimits.maximumDepth else { throw Unsure() }
        let message = layout.terminated
        var fields = check.cursor(range)
        var seen = KubeMessageCheck.Seen()
        var terminated = PodSummary.Terminated()
        var reason: String?
        var exitCode: Int?
        var finishedAt: Date?
        while let wire = try check.next(&fields) {
            guard let (field, position) = known(wire, message) else { continue }
            switch wire.number {
            case layout.exitCode:
                try singular(wire, field, position, &seen)
                terminated.exitCode = int32(wire)
                exitCode = wire.value == 0 && !field.emitsZero ? nil : terminated.exitCode
            case layout.signal:
                try singular(wire, field, position, &seen)
                terminated.signal = int32(wire)
            case layout.terminatedReason:
                try singular(wire, field, position, &seen)
                reason = string(wire, field)
            case layout.finishedAt:
                try singular(wire, field, position, &seen)
                finishedAt = try time(wire.payload, depth: depth + 1)
            default:
                try check.field(wire, field, position: position, depth: depth, seen: &seen)
            }
        }
        terminated.reason = reason ?? ""
        return (terminated, finishedAt, reason, exitCode)
    }
}

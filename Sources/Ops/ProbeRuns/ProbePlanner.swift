import PodModel
import Probes

/// Turns pods into the probes the scheduler runs, the way the kubelet reads a pod spec.
///
/// - Every container (and every sidecar, an init container with `restartPolicy: Always`) gives one
///   probe per `livenessProbe`, `readinessProbe` and `startupProbe` it declares.
/// - `httpGet` and `tcpSocket` connect to `host`, or to the pod IP when the spec names no host; a
///   named port is looked up among the container's ports (then read as a number, like the kubelet).
///   The `Host` header, default headers and redirects are the HTTP prober's business.
/// - `exec` runs in the container whose id `status.containerStatuses[].containerID` gives (without
///   its `docker://` scheme); without an id the prober answers `container not running`.
/// - What cannot run becomes an `.unsupported(reason)` handler, so the probe shows as unknown with
///   that reason instead of vanishing: no pod IP, an unknown named port, gRPC, a bad scheme, a probe
///   with no or several handlers, timing values Kubernetes rejects.
/// - ``ProbePlanOptions`` overrides replace every probe's period and timeout.
///
/// The dashboard calls ``plan(records:options:)`` after each sync and hands the result to
/// `ProbeScheduler.update(probes:)`, which starts new probes, stops vanished ones and restarts those
/// whose definition changed. Pass the overrides here or to the scheduler, not to both.
public enum ProbePlanner {
    /// The reason given for an HTTP or TCP probe without a host on a pod without an IP.
    public static let noPodIP = "pod has no IP"
    /// The reason given for gRPC probes.
    public static let grpcUnsupported = "gRPC probes are not supported"
    /// The reason given for exec probes while they are off.
    public static let execProbesOff = "exec probes are off (run commands in containers with --exec-probes or probes.exec: true)"

    /// Every probe of every pod in `records`.
    public static func plan(records: some Sequence<PodRecord>,
                            options: ProbePlanOptions = ProbePlanOptions()) -> [ProbeKey: ProbeDefinition] {
        var plan: [ProbeKey: ProbeDefinition] = [:]
        for record in records {
            for probe in probes(of: record, options: options) { plan[probe.key] = probe.definition }
        }
        return plan
    }

    /// Every probe of one pod, keyed for the scheduler.
    public static func plan(record: PodRecord,
                            options: ProbePlanOptions = ProbePlanOptions()) -> [ProbeKey: ProbeDefinition] {
        plan(records: CollectionOfOne(record), options: options)
    }

    /// Every probe of one pod in display order: containers in spec order (then sidecars), and per
    /// container liveness, readiness, startup.
    public static func probes(of record: PodRecord, options: ProbePlanOptions = ProbePlanOptions()) -> [PlannedProbe] {
        probes(of: PodProbeFacts(pod: record.pod), key: record.key, options: options)
    }

    /// Every probe of the pod at `key` whose ``PodProbeFacts`` are `facts` (from its document or
    /// read straight from its stored value), as ``probes(of:options:)`` plans them.
    public static func probes(of facts: PodProbeFacts, key: PodKey,
                              options: ProbePlanOptions = ProbePlanOptions()) -> [PlannedProbe] {
        var planned: [PlannedProbe] = []
        guard !facts.containers.isEmpty || !facts.initContainers.isEmpty else { return planned }
        let podKey = key.description
        let ip = facts.podIP.flatMap { $0.isEmpty ? nil : $0 }
        for container in facts.containers + facts.initContainers {
            guard !container.isInitContainer || container.isRestartableInitContainer else { continue }
            let run = facts.run(of: container)
            let containerID = Self.containerID(of: run?.containerID)
            let owner = ContainerOwner(namespace: key.namespace, pod: key.name, uid: facts.uid, container: container.name)
            let notRunning = run.flatMap { Self.notRunningReason(of: $0.state) }.map { "container \(container.name) \($0)" }
            let specs: [(ProbeKind, ProbeSpec?)] = [
                (.liveness, container.livenessProbe), (.readiness, container.readinessProbe),
                (.startup, container.startupProbe),
            ]
            for case let (kind, spec?) in specs {
                let handler: Probes.ProbeHandler
                if let notRunning {
                    handler = .unsupported(notRunning)
                } else {
                    handler = Self.handler(for: spec.handler, container: container, podIP: ip, containerID: containerID,
                                           owner: owner, options: options)
                }
                planned.append(PlannedProbe(
                    key: ProbeKey(pod: podKey, container: container.name, kind: kind),
                    definition: definition(for: spec, kind: kind, handler: handler, options: options)))
            }
        }
        return planned
    }

    /// A status's `containerID` without its runtime scheme (`docker://abc` → `abc`); nil when
    /// absent or empty.
    static func containerID(of raw: String?) -> String? {
        guard let raw else { return nil }
        let id = raw.range(of: "://").map { String(raw[$0.upperBound...]) } ?? raw
        return id.isEmpty ? nil : id
    }

    /// Why a container whose status says it is not running has no probe result (the kubelet
    /// probes running containers only): `is not running (terminated: Completed, exit 0)`; nil
    /// when it runs or its status names no state (a pod written by hand without one).
    static func notRunningReason(of state: ContainerState) -> String? {
        switch state {
        case .running, .unknown:
            return nil
        case .waiting(let reason):
            return "is not running (waiting\(reason.map { ": \($0)" } ?? ""))"
        case .terminated(let reason, let exitCode):
            let detail = [reason, exitCode.map { "exit \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return "is not running (terminated\(detail.isEmpty ? "" : ": \(detail)"))"
        }
    }

    /// The handler the prober runs for a pod-spec handler of `container`.
    /// - Parameters:
    ///   - podIP: The pod's IP (`status.podIP`), the host of probes that name none.
    ///   - containerID: The running container's id without its runtime scheme, for `exec`.
    ///   - owner: The pod container an exec must be confirmed to run in.
    ///   - options: Whether exec probes run, and where HTTP and TCP probes may connect.
    public static func handler(for handler: PodModel.ProbeHandler, container: ContainerSpec, podIP: String?,
                               containerID: String?, owner: ContainerOwner? = nil,
                               options: ProbePlanOptions = ProbePlanOptions()) -> Probes.ProbeHandler {
        switch handler {
        case .httpGet(let action):
            guard let host = action.host ?? podIP else { return .unsupported(noPodIP) }
            if let refusal = options.reach.refusal(host: host, podIP: podIP, named: action.host != nil) {
                return .unsupported(refusal)
            }
            let port: Int
            switch resolve(action.port, in: container) {
            case .success(let number): port = number
            case .failure(let problem): return .unsupported(problem.reason)
            }
            guard let scheme = HTTPGetProbe.Scheme(rawValue: action.scheme.lowercased()) else {
                return .unsupported("httpGet.scheme \"\(action.scheme)\" is neither HTTP nor HTTPS")
            }
            let headers = action.headers.map { ProbeHTTPHeader($0.name, $0.value) }
            return .httpGet(HTTPGetProbe(scheme: scheme, host: host, port: port, path: action.path, headers: headers))
        case .tcpSocket(let action):
            guard let host = action.host ?? podIP else { return .unsupported(noPodIP) }
            if let refusal = options.reach.refusal(host: host, podIP: podIP, named: action.host != nil) {
                return .unsupported(refusal)
            }
            switch resolve(action.port, in: container) {
            case .success(let port): return .tcp(host: host, port: port)
            case .failure(let problem): return .unsupported(problem.reason)
            }
        case .exec(let command):
            guard options.execProbes else { return .unsupported(execProbesOff) }
            return .exec(containerID: containerID, command: command, owner: owner)
        case .grpc:
            return .unsupported(grpcUnsupported)
        case .none:
            return .unsupported("the probe has no handler (exec, httpGet, tcpSocket or grpc)")
        case .multiple(let names):
            return .unsupported("the probe has more than one handler: \(names.joined(separator: ", "))")
        case .unsupported(let reason):
            return .unsupported(reason)
        }
    }

    /// The definition of `spec` with `handler`; timing Kubernetes rejects makes the handler
    /// `.unsupported` with the reason (and the timing Kubernetes' defaults).
    static func definition(for spec: ProbeSpec, kind: ProbeKind, handler: Probes.ProbeHandler,
                           options: ProbePlanOptions) -> ProbeDefinition {
        let definition: ProbeDefinition
        do {
            let checked = try ProbeDefinition(
                handler: handler, period: .seconds(spec.periodSeconds), timeout: .seconds(spec.timeoutSeconds),
                initialDelay: .seconds(spec.initialDelaySeconds), successThreshold: spec.successThreshold,
                failureThreshold: spec.failureThreshold)
            try checked.validate(for: kind)
            definition = checked
        } catch {
            definition = defaults(handler: .unsupported("invalid \(kind.rawValue) probe: \(error.description)"))
        }
        return definition.overriding(period: options.periodOverride, timeout: options.timeoutOverride)
    }

    /// A definition with Kubernetes' default timing (always valid).
    private static func defaults(handler: Probes.ProbeHandler) -> ProbeDefinition {
        do {
            return try ProbeDefinition(handler: handler)
        } catch {
            preconditionFailure("Kubernetes' default probe timing is valid: \(error)")
        }
    }

    /// Why a port cannot be used.
    struct PortProblem: Error {
        var reason: String
    }

    /// The port number `port` designates in `container`, or why there is none.
    static func resolve(_ port: PortValue, in container: ContainerSpec) -> Result<Int, PortProblem> {
        guard let number = port.resolve(in: container) else {
            return .failure(PortProblem(reason: "port \"\(port)\" is not a named port of container \"\(container.name)\""))
        }
        guard (1...65_535).contains(number) else {
            return .failure(PortProblem(reason: "port \(number) is out of range 1-65535"))
        }
        return .success(number)
    }
}

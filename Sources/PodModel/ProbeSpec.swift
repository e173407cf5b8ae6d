/// A container probe (`livenessProbe`, `readinessProbe`, `startupProbe`) with Kubernetes'
/// defaults applied.
public struct ProbeSpec: Sendable, Hashable {
    /// What the probe does.
    public var handler: ProbeHandler
    /// Seconds to wait after the container starts before the first probe (default 0).
    public var initialDelaySeconds: Int
    /// Seconds after which one probe attempt times out (default 1).
    public var timeoutSeconds: Int
    /// Seconds between probe attempts (default 10).
    public var periodSeconds: Int
    /// Consecutive successes needed to count as passing after a failure (default 1).
    public var successThreshold: Int
    /// Consecutive failures needed to count as failing (default 3).
    public var failureThreshold: Int
    /// The grace period for a termination this probe triggers, when set.
    public var terminationGracePeriodSeconds: Int?

    /// Creates a probe; timing values of 0 take Kubernetes' defaults.
    public init(
        handler: ProbeHandler,
        initialDelaySeconds: Int = 0,
        timeoutSeconds: Int = 1,
        periodSeconds: Int = 10,
        successThreshold: Int = 1,
        failureThreshold: Int = 3,
        terminationGracePeriodSeconds: Int? = nil
    ) {
        self.handler = handler
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds == 0 ? 1 : timeoutSeconds
        self.periodSeconds = periodSeconds == 0 ? 10 : periodSeconds
        self.successThreshold = successThreshold == 0 ? 1 : successThreshold
        self.failureThreshold = failureThreshold == 0 ? 3 : failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    /// Reads a probe object. Missing, zero or mistyped timing values take the defaults; a
    /// handler that cannot be used is reported through ``handler``, never by failing.
    public init(json: JSONValue) {
        func integer(_ key: String) -> Int {
            json[key]?.intValue ?? 0
        }
        self.init(
            handler: ProbeHandler(probeJSON: json),
            initialDelaySeconds: integer("initialDelaySeconds"),
            timeoutSeconds: integer("timeoutSeconds"),
            periodSeconds: integer("periodSeconds"),
            successThreshold: integer("successThreshold"),
            failureThreshold: integer("failureThreshold"),
            terminationGracePeriodSeconds: json["terminationGracePeriodSeconds"]?.intValue
        )
    }

    /// Reads a probe field's value; `null` means no probe.
    init?(probeJSON json: JSONValue) {
        if json.isNull { return nil }
        self.init(json: json)
    }

    /// What the probe checks, as `kubectl describe` words it, e.g. `http-get http://:8080/healthz`.
    public var summary: String {
        handler.summary
    }

    /// The timing, as `kubectl describe` words it, e.g.
    /// `delay=0s timeout=1s period=10s #success=1 #failure=3`.
    public var timingSummary: String {
        "delay=\(initialDelaySeconds)s timeout=\(timeoutSeconds)s period=\(periodSeconds)s "
            + "#success=\(successThreshold) #failure=\(failureThreshold)"
    }
}

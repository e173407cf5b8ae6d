/// A probe as the scheduler runs it: what to check and how often, with Kubernetes thresholds.
///
/// Values arrive already defaulted (Kubernetes defaults: period 10s, timeout 1s, initial delay 0,
/// success threshold 1, failure threshold 3); the initializer rejects values Kubernetes rejects.
public struct ProbeDefinition: Sendable, Hashable {
    /// What the probe checks.
    public var handler: ProbeHandler
    /// Time between two runs (`periodSeconds`, at least 1s).
    public private(set) var period: Duration
    /// Time one run may take (`timeoutSeconds`, at least 1s).
    public private(set) var timeout: Duration
    /// Time before the first run (`initialDelaySeconds`, at least 0).
    public private(set) var initialDelay: Duration
    /// Consecutive successes that make a failing probe healthy (`successThreshold`, at least 1).
    public private(set) var successThreshold: Int
    /// Consecutive failures that make a healthy probe fail (`failureThreshold`, at least 1).
    public private(set) var failureThreshold: Int

    /// Creates a definition, checking every field Kubernetes requires to be positive.
    /// - Throws: ``ProbeDefinitionError`` listing every invalid field.
    public init(handler: ProbeHandler, period: Duration = .seconds(10), timeout: Duration = .seconds(1),
                initialDelay: Duration = .zero, successThreshold: Int = 1, failureThreshold: Int = 3)
        throws(ProbeDefinitionError)
    {
        var problems: [ProbeDefinitionError.Problem] = []
        if period < .seconds(1) {
            problems.append(.init(field: "periodSeconds", message: "must be at least 1s (got \(period.probeText))"))
        }
        if timeout < .seconds(1) {
            problems.append(.init(field: "timeoutSeconds", message: "must be at least 1s (got \(timeout.probeText))"))
        }
        if initialDelay < .zero {
            problems.append(.init(field: "initialDelaySeconds",
                                  message: "must not be negative (got \(initialDelay.probeText))"))
        }
        if successThreshold < 1 {
            problems.append(.init(field: "successThreshold", message: "must be at least 1 (got \(successThreshold))"))
        }
        if failureThreshold < 1 {
            problems.append(.init(field: "failureThreshold", message: "must be at least 1 (got \(failureThreshold))"))
        }
        guard problems.isEmpty else { throw ProbeDefinitionError(problems: problems) }
        self.handler = handler
        self.period = period
        self.timeout = timeout
        self.initialDelay = initialDelay
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
    }

    /// The same definition with the operator's global overrides (`--probe-interval`,
    /// `--probe-timeout`) in place of its own period and timeout; nil keeps the definition's value.
    ///
    /// Overrides may be shorter than the 1s a pod spec allows (the settings set their own floor);
    /// values below 1ms are raised to 1ms.
    public func overriding(period: Duration?, timeout: Duration?) -> ProbeDefinition {
        var copy = self
        if let period { copy.period = max(period, .milliseconds(1)) }
        if let timeout { copy.timeout = max(timeout, .milliseconds(1)) }
        return copy
    }

    /// Checks the rules that depend on the kind: liveness and startup probes need a success
    /// threshold of exactly 1.
    /// - Throws: ``ProbeDefinitionError`` when the definition is not valid for `kind`.
    public func validate(for kind: ProbeKind) throws(ProbeDefinitionError) {
        if kind != .readiness && successThreshold != 1 {
            throw ProbeDefinitionError(problems: [
                .init(field: "successThreshold",
                      message: "must be 1 for \(kind.rawValue) probes (got \(successThreshold))"),
            ])
        }
    }
}

/// Why a probe definition was rejected.
public struct ProbeDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One invalid field.
    public struct Problem: Sendable, Hashable {
        /// Field name as the pod spec spells it, e.g. `periodSeconds`.
        public var field: String
        /// What is wrong with it.
        public var message: String
    }

    /// Every invalid field, in declaration order.
    public var problems: [Problem]

    /// All problems as `field: message` joined by `; `.
    public var description: String {
        problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

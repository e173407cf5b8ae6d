/// Which of a container's three probes a definition belongs to.
public enum ProbeKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Restarts the container when it fails.
    case liveness
    /// Removes the pod from service endpoints when it fails.
    case readiness
    /// Holds back the other probes until it succeeds once.
    case startup

    /// Orders kinds as Kubernetes lists them: liveness, readiness, startup.
    public static func < (lhs: ProbeKind, rhs: ProbeKind) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .liveness: 0
        case .readiness: 1
        case .startup: 2
        }
    }
}

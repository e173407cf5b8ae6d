/// Why an image is being pulled, shown in the pulls panel.
public enum PullReason: Sendable, Hashable, CustomStringConvertible {
    /// An operator asked for it (a key in the dashboard).
    case requested
    /// `poddeck pull` on the command line.
    case command
    /// The dashboard pulls it as the kubelet would, under this pull policy.
    case autoPull(ImagePullPolicy)

    /// `requested`, `command` or `auto (IfNotPresent)`.
    public var description: String {
        switch self {
        case .requested: return "requested"
        case .command: return "command"
        case .autoPull(let policy): return "auto (\(policy.rawValue))"
        }
    }
}

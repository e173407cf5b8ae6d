import PodModel

/// Decides which images to pull for a pod as the kubelet would, per container `imagePullPolicy`
/// (`--auto-pull`).
///
/// - `Always`: pull once per dashboard session (the first time the pod is seen), present or not.
/// - `IfNotPresent`: pull when the daemon says the image is absent.
/// - `Never`: never pull.
/// - Unset: `Always` for `:latest` or an untagged, undigested image, else `IfNotPresent`.
///
/// Nothing is pulled while the daemon is unavailable, while an image's presence is unknown, while
/// it is already pulling, or after its last pull failed (an operator can pull it by hand).
/// A value: keep one per session, since it remembers what `Always` already pulled.
public struct AutoPullPolicy: Sendable, Equatable {
    /// One image to enqueue.
    public struct Decision: Sendable, Hashable {
        /// The image.
        public var reference: ImageReference
        /// The policy that asked for it.
        public var policy: ImagePullPolicy
        /// The containers (and init containers) that use it.
        public var containers: [String]

        /// Why it is pulled, for ``PullManager/enqueue(_:reason:platform:)``.
        public var reason: PullReason { .autoPull(policy) }
    }

    /// Images pulled under `Always` in this session (normalised references).
    public private(set) var pulledThisSession: Set<String> = []

    /// Creates a policy with nothing pulled yet.
    public init() {}

    /// The images of `pod` (init containers first, then containers) to enqueue now, given each
    /// image's status; images under `Always` are remembered as pulled. Invalid references are
    /// skipped (validation reports them).
    public mutating func decide(for pod: Pod, status: (ImageReference) -> ImageStatus) -> [Decision] {
        var decisions: [Decision] = []
        var index: [String: Int] = [:]
        for container in pod.initContainers + pod.containers {
            guard let image = container.image, let reference = try? ImageReference.parse(image) else { continue }
            let key = reference.normalized
            if let position = index[key] {
                decisions[position].containers.append(container.name)
                continue
            }
            let policy = ImagePullPolicy.effective(written: container.imagePullPolicy, reference: reference)
            guard shouldPull(key: key, policy: policy, status: status(reference)) else { continue }
            if policy == .always { pulledThisSession.insert(key) }
            index[key] = decisions.count
            decisions.append(Decision(reference: reference, policy: policy, containers: [container.name]))
        }
        return decisions
    }

    private func shouldPull(key: String, policy: ImagePullPolicy, status: ImageStatus) -> Bool {
        switch status {
        case .dockerUnavailable, .unknown, .pulling, .failed: return false
        case .present, .absent: break
        }
        switch policy {
        case .never: return false
        case .always: return !pulledThisSession.contains(key)
        case .ifNotPresent: return status == .absent
        }
    }
}

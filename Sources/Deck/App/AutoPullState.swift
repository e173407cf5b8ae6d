import Ops
import PodModel

/// What `--auto-pull` knows and has done in this session.
///
/// Images are pulled as the kubelet would: `Always` once per session, `IfNotPresent` when the
/// daemon says the image is absent, `Never` never — and an image is pulled automatically at most
/// once per session (after a failed pull an operator pulls it by hand).
public struct AutoPullState: Sendable, Equatable {
    /// Whether images are pulled automatically (`--auto-pull`, `settings.autoPull`).
    public var enabled = false
    /// The effective pull policy of every image seen, by normalised reference (the last pod
    /// listed with an image decides).
    public var policies: [String: ImagePullPolicy] = [:]
    /// Images pulled automatically in this session (normalised references).
    public var pulled: Set<String> = []

    /// Creates the state, on or off.
    public init(enabled: Bool = false) { self.enabled = enabled }

    /// Remembers the pull policies of a synced pod's images.
    mutating func record(_ row: PodRow) {
        for (image, written) in zip(row.images, row.pullPolicies) {
            guard let reference = try? ImageReference.parse(image) else { continue }
            policies[reference.normalized] = ImagePullPolicy.effective(written: written, reference: reference)
        }
    }

    /// The images to pull now given the daemon's answers, grouped by the policy that asks for
    /// them (`Always` first), each group sorted; those returned are remembered as pulled.
    mutating func decide(_ statuses: [String: ImageStatus]) -> [(policy: ImagePullPolicy, references: [String])] {
        var always: [String] = []
        var ifNotPresent: [String] = []
        for (reference, status) in statuses where !pulled.contains(reference) {
            switch policies[reference] {
            case .always?: always.append(reference)
            case .ifNotPresent?: if case .absent = status { ifNotPresent.append(reference) }
            case .never?, nil: break
            }
        }
        pulled.formUnion(always)
        pulled.formUnion(ifNotPresent)
        return [(ImagePullPolicy.always, always.sorted()), (.ifNotPresent, ifNotPresent.sorted())].filter { !$0.1.isEmpty }
    }
}

extension DeckUpdate {
    /// `--auto-pull`: the pulls the daemon's answers call for, as effects (none while Docker is
    /// unavailable).
    static func autoPull(_ state: inout AppState, _ statuses: [String: ImageStatus], docker: DockerAvailability) -> [Effect] {
        guard state.autoPull.enabled, docker.isAvailable else { return [] }
        return state.autoPull.decide(statuses).map { .pull($0.references, reason: .autoPull($0.policy)) }
    }
}

import PodModel

/// A container's `imagePullPolicy`, with the kubelet's default when it is unset.
public enum ImagePullPolicy: String, Sendable, Hashable, CaseIterable {
    /// Pull every time the container starts (in the dashboard: once per session).
    case always = "Always"
    /// Pull only when the image is not present.
    case ifNotPresent = "IfNotPresent"
    /// Never pull.
    case never = "Never"

    /// The policy the kubelet uses: the written one when valid, else the API server's default,
    /// ``defaultPolicy(for:)``.
    public static func effective(written: String?, reference: ImageReference) -> ImagePullPolicy {
        if let written, let policy = ImagePullPolicy(rawValue: written) { return policy }
        return defaultPolicy(for: reference)
    }

    /// The API server's default: `Always` when the tag is `latest`, or when there is neither tag
    /// nor digest (which means `latest`); else `IfNotPresent` (a pinned digest, or another tag).
    public static func defaultPolicy(for reference: ImageReference) -> ImagePullPolicy {
        if reference.tag == "latest" { return .always }
        if reference.tag == nil && reference.digest == nil { return .always }
        return .ifNotPresent
    }
}

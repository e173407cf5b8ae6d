extension ContainerInfo {
    /// The label the kubelet's Docker integrations put the pod's namespace in.
    public static let podNamespaceLabel = "io.kubernetes.pod.namespace"
    /// The label holding the pod's name.
    public static let podNameLabel = "io.kubernetes.pod.name"
    /// The label holding the pod's `metadata.uid`.
    public static let podUIDLabel = "io.kubernetes.pod.uid"
    /// The label holding the container's name in the pod spec.
    public static let containerNameLabel = "io.kubernetes.container.name"

    /// The labels a container of pod `namespace/pod` named `container` carries (`uid` only when
    /// the pod has one).
    public static func ownerLabels(namespace: String, pod: String, uid: String?, container: String) -> [String: String] {
        var labels = [podNamespaceLabel: namespace, podNameLabel: pod, containerNameLabel: container]
        if let uid, !uid.isEmpty { labels[podUIDLabel] = uid }
        return labels
    }

    /// The expected labels this container lacks or carries with another value, in a stable
    /// order; empty when it is labelled as that pod's container.
    public func mismatchedOwnerLabels(namespace: String, pod: String, uid: String?, container: String) -> [String] {
        let wanted = Self.ownerLabels(namespace: namespace, pod: pod, uid: uid, container: container)
        return wanted.keys.sorted().compactMap { key in
            guard let have = labels[key] else { return "\(key) is missing" }
            return have == wanted[key] ? nil : "\(key) is \"\(have)\""
        }
    }
}

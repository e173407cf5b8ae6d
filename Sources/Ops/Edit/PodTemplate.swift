import PodModel

/// The pod a create starts from: small, valid, and easy to adapt.
public enum PodTemplate {
    /// The template's name (change it before saving).
    public static let name = "new-pod"

    /// A one-container nginx pod named ``name`` in `namespace`.
    public static func pod(namespace: String) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": [
                "name": .string(name),
                "namespace": .string(namespace),
                "labels": ["app": .string(name)],
            ],
            "spec": [
                "containers": [[
                    "name": "app",
                    "image": "nginx:1.27",
                    "ports": [["name": "http", "containerPort": 80, "protocol": "TCP"]],
                    "resources": [
                        "requests": ["cpu": "100m", "memory": "64Mi"],
                        "limits": ["memory": "128Mi"],
                    ],
                ]],
                "restartPolicy": "Always",
            ],
        ]
    }
}

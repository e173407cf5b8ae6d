import Foundation
@testable import PodModel

/// Sample documents shared by the tests.
enum Fixtures {
    /// A realistic pod in Go's compact `encoding/json` form, with fields poddeck does not model
    /// (`x-vendor`), number literals that a float conversion would change, Unicode text and
    /// HTML-escaped characters.
    static let canonicalPod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7d9f","namespace":"shop","uid":"0b7e2a52-8d1c-4c8e-9a3e-2f1d1b6a7c10","creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web","tier":"frontend"},"annotations":{"note":"café ☕ 日本 \u003cb\u003ebold\u003c/b\u003e \u0026 more","x-vendor.example.com/weight":"1.50"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"livenessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":5}},{"name":"sidecar","image":"registry.example.com/team/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}],"restartPolicy":"Always","x-vendor":{"weight":1.50,"big":10000000000000000000001,"exp":1e3,"neg":-0.0,"list":[1,2.5e-3,true,null]}},"status":{"phase":"Running","podIP":"10.1.2.3","containerStatuses":[{"name":"web","ready":true,"restartCount":2,"state":{"running":{"startedAt":"2024-05-01T10:00:05Z"}},"lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2024-05-01T10:00:04Z"}},"image":"nginx:1.27","imageID":"docker-pullable://nginx@sha256:abc","containerID":"containerd://4f2a"},{"name":"sidecar","ready":true,"restartCount":0,"state":{"running":{}},"containerID":"docker://9e8d"}],"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2024-05-01T10:00:06Z"}]}}"#

    /// The same kind of document written by hand: spaces, line breaks and escapes Go would not use.
    static let handWrittenPod = """
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {"name": "hand", "labels": {"app": "caf\\u00e9"}},
      "spec": {"containers": [{"name": "c", "image": "busybox", "args": ["sleep", "1e3"]}]},
      "x-extra": [1.0, 1E+2, "\\/slash"]
    }
    """

    static func pod(_ text: String) throws -> Pod {
        try Pod.decode(Array(text.utf8)).get()
    }

    static func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A pod built from a literal status and spec, for display tests.
    static func pod(spec: JSONValue = ["containers": [["name": "app", "image": "busybox"]]], status: JSONValue, metadata: JSONValue = ["name": "p"]) throws -> Pod {
        try Pod(json: ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status])
    }
}

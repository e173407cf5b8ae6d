import Ops
import PodModel
import Testing

/// `imagePullPolicy` defaults, as the kubelet reads them (the dashboard's auto-pull decisions are
/// tested in DeckTests' `AutoPullUpdateTests`).
@Suite struct PullPolicyTests {
    @Test(arguments: [
        ("nginx", nil, ImagePullPolicy.always),
        ("nginx:latest", nil, .always),
        ("nginx:1.25", nil, .ifNotPresent),
        ("nginx@sha256:" + String(repeating: "a", count: 64), nil, .ifNotPresent),
        ("nginx:1.25@sha256:" + String(repeating: "a", count: 64), nil, .ifNotPresent),
        // Kubernetes looks at the tag: an explicit :latest is Always even when pinned.
        ("nginx:latest@sha256:" + String(repeating: "a", count: 64), nil, .always),
        ("127.0.0.1:5000/demo/app", nil, .always),
        ("127.0.0.1:5000/demo/app:1", nil, .ifNotPresent),
        ("nginx:1.25", "Always", .always),
        ("nginx", "IfNotPresent", .ifNotPresent),
        ("nginx", "Never", .never),
        // An invalid policy (validation reports it) falls back to the default.
        ("nginx:1.25", "Sometimes", .ifNotPresent),
    ] as [(String, String?, ImagePullPolicy)])
    func effectivePolicy(image: String, written: String?, expected: ImagePullPolicy) throws {
        #expect(ImagePullPolicy.effective(written: written, reference: try ImageReference.parse(image)) == expected)
    }
}

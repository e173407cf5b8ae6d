import Ops
import PodModel
import Testing

/// `imagePullPolicy` defaults and the auto-pull decisions, as the kubelet makes them.
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

    /// A pod with one container per `(image, policy)` and an init container of `initImage`.
    func pod(_ containers: [(String, String?)], initImage: String? = nil) throws -> Pod {
        var list: [JSONValue] = []
        for (index, (image, policy)) in containers.enumerated() {
            var container: JSONValue = ["name": .string("c\(index)"), "image": .string(image)]
            if let policy { container.set(.string(policy), at: ["imagePullPolicy"]) }
            list.append(container)
        }
        var spec: JSONValue = ["containers": .array(list)]
        if let initImage { spec.set([["name": "init", "image": .string(initImage)]], at: ["initContainers"]) }
        return try Pod(json: ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "ns"], "spec": spec])
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var image: String
        var policy: String?
        var status: ImageStatus
        var pulls: Bool
        var testDescription: String { "\(image) \(policy ?? "unset") \(status) → \(pulls ? "pull" : "no pull")" }
    }

    @Test(arguments: [
        Row(image: "nginx:1.25", policy: "Always", status: .present, pulls: true),
        Row(image: "nginx:1.25", policy: "Always", status: .absent, pulls: true),
        Row(image: "nginx:1.25", policy: "IfNotPresent", status: .absent, pulls: true),
        Row(image: "nginx:1.25", policy: "IfNotPresent", status: .present, pulls: false),
        Row(image: "nginx:1.25", policy: "Never", status: .absent, pulls: false),
        Row(image: "nginx:1.25", policy: "Never", status: .present, pulls: false),
        Row(image: "nginx", policy: nil, status: .present, pulls: true),
        Row(image: "nginx:1.25", policy: nil, status: .present, pulls: false),
        Row(image: "nginx:1.25", policy: nil, status: .absent, pulls: true),
        Row(image: "nginx:1.25", policy: "Always", status: .pulling(0.4), pulls: false),
        Row(image: "nginx:1.25", policy: "IfNotPresent", status: .failed("manifest unknown"), pulls: false),
        Row(image: "nginx:1.25", policy: "Always", status: .unknown, pulls: false),
        Row(image: "nginx:1.25", policy: "Always", status: .dockerUnavailable("no daemon"), pulls: false),
    ])
    func autoPullDecision(row: Row) throws {
        var policy = AutoPullPolicy()
        let decisions = policy.decide(for: try pod([(row.image, row.policy)])) { _ in row.status }
        let expected = row.pulls ? [try ImageReference.parse(row.image).normalized] : []
        #expect(decisions.map(\.reference.normalized) == expected)
    }

    @Test func alwaysPullsOncePerSessionAndSharedImagesOnce() throws {
        var policy = AutoPullPolicy()
        let spec = try pod([("nginx", nil), ("redis:7", "IfNotPresent"), ("docker.io/library/nginx:latest", "Always"), ("busybox:1", "Never")],
                           initImage: "alpine:3")
        let first = policy.decide(for: spec) { _ in .absent }
        #expect(first.map(\.reference.familiar) == ["alpine:3", "nginx:latest", "redis:7"])
        #expect(first.map(\.policy) == [.ifNotPresent, .always, .ifNotPresent])
        #expect(first[1].containers == ["c0", "c2"])
        #expect(first[1].reason == .autoPull(.always))
        #expect(policy.pulledThisSession == ["docker.io/library/nginx:latest"])
        // Seen again in the same session: Always has had its pull; the absent ones still need theirs.
        let second = policy.decide(for: spec) { _ in .absent }
        #expect(second.map(\.reference.familiar) == ["alpine:3", "redis:7"])
        #expect(policy.decide(for: spec) { _ in .present }.isEmpty)
    }

    @Test func invalidImagesAreSkipped() throws {
        var policy = AutoPullPolicy()
        let spec = try pod([("Not Valid", "Always"), ("nginx:1", "Always")])
        #expect(policy.decide(for: spec) { _ in .absent }.map(\.reference.familiar) == ["nginx:1"])
    }
}

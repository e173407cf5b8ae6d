@testable import Deck
import Foundation
@testable import Ops
import PodModel
import Screen
import Testing

@Suite("update(): --auto-pull decides pulls as the kubelet would, as effects")
struct AutoPullUpdateTests {
    static let available = DockerAvailability.available(apiVersion: "1.41")

    func normalized(_ image: String) -> String { try! ImageReference.parse(image).normalized }

    func row(_ name: String, image: String, policy: String? = nil) -> PodRow {
        var r = makeRow("shop", name, image: image)
        r.pullPolicies = [policy]
        return r
    }

    /// Five pods: untagged (Always by default), a tag (IfNotPresent by default), another tag
    /// present, one written Never and one written Always.
    func loaded(autoPull: Bool = true, readonly: Bool = false) -> AppState {
        var s = makeState()
        s.readonly = readonly
        s.autoPull = AutoPullState(enabled: autoPull)
        send(&s, delta([row("untagged", image: "busybox"), row("tagged", image: "nginx:1.25"),
                        row("present", image: "redis:7"), row("never", image: "127.0.0.1:5000/demo/app:1", policy: "Never"),
                        row("always", image: "alpine:3.19", policy: "Always")], replacesAll: true))
        return s
    }

    var statuses: [String: ImageStatus] {
        [normalized("busybox"): .present, normalized("nginx:1.25"): .absent, normalized("redis:7"): .present,
         normalized("127.0.0.1:5000/demo/app:1"): .absent, normalized("alpine:3.19"): .present]
    }

    var expected: [Effect] {
        [.pull([normalized("alpine:3.19"), normalized("busybox")].sorted(), reason: .autoPull(.always)),
         .pull([normalized("nginx:1.25")], reason: .autoPull(.ifNotPresent))]
    }

    @Test func statusesInExactlyTheKubeletsPullsOutAndNotAgain() {
        var s = loaded()
        #expect(send(&s, .imageStatuses(statuses, docker: Self.available)) == expected)
        #expect(s.autoPull.pulled == Set([normalized("alpine:3.19"), normalized("busybox"), normalized("nginx:1.25")]))
        #expect(send(&s, .imageStatuses(statuses, docker: Self.available)).isEmpty, "once per session")
        // Still absent after a failed pull: an operator pulls it by hand.
        #expect(send(&s, .imageStatuses([normalized("nginx:1.25"): .absent], docker: Self.available)).isEmpty)
        #expect(s.images[normalized("nginx:1.25")] == .absent)
    }

    @Test func anImageSeenLaterIsPulledWhenItsStatusArrives() {
        var s = loaded()
        send(&s, .imageStatuses(statuses, docker: Self.available))
        send(&s, delta([row("later", image: "nginx:1.27")]))
        #expect(send(&s, .imageStatuses([normalized("nginx:1.27"): .present], docker: Self.available)).isEmpty)
        #expect(send(&s, .imageStatuses([normalized("nginx:1.27"): .absent], docker: Self.available))
            == [.pull([normalized("nginx:1.27")], reason: .autoPull(.ifNotPresent))])
    }

    @Test func nothingIsPulledWhileDockerIsUnavailableAndAllOnceItAnswers() {
        var s = loaded()
        let unavailable = statuses.mapValues { _ in ImageStatus.dockerUnavailable("no socket") }
        #expect(send(&s, .imageStatuses(unavailable, docker: .unavailable(reason: "no socket"))).isEmpty)
        #expect(s.autoPull.pulled.isEmpty)
        #expect(send(&s, .imageStatuses(statuses, docker: Self.available)) == expected)
    }

    @Test func readonlyPullsAsBeforeSinceAPullWritesNothingToEtcd() {
        var s = loaded(readonly: true)
        #expect(send(&s, .imageStatuses(statuses, docker: Self.available)) == expected)
    }

    @Test func withoutAutoPullStatusesOnlyUpdateTheImages() {
        var s = loaded(autoPull: false)
        #expect(send(&s, .imageStatuses(statuses, docker: Self.available)).isEmpty)
        #expect(s.autoPull.policies.isEmpty, "no policy is recorded when nothing is pulled automatically")
        #expect(s.images[normalized("nginx:1.25")] == .absent)
    }

    @Test func aKeyPullUsesTheSameEffectAsRequested() {
        var s = loaded()
        #expect(send(&s, .key(.char("p"))) == [.pull([normalized("alpine:3.19")], reason: .requested)])
    }

    @Test func anOlderGenerationsPodsRecordNoPolicy() {
        var s = loaded()
        send(&s, delta([row("stale", image: "nginx:1.27")], generation: -1))
        #expect(s.autoPull.policies[normalized("nginx:1.27")] == nil)
    }

    @Test func aContextSwitchStartsAutoPullOverWithTheNewContextsSetting() {
        var s = loaded()
        send(&s, .imageStatuses(statuses, docker: Self.available))
        func change(_ autoPull: Bool, generation: Int) -> Msg {
            .contextSwitched(ContextSwitch(context: "prod", generation: generation, namespace: nil, readonly: false, pollInterval: .seconds(5),
                                           probesEnabled: false, logSettings: LogSettings(), theme: .fallback, endpoints: ["10.0.0.1:2379"],
                                           probeEpoch: fixedNow, autoPull: autoPull))
        }
        send(&s, change(true, generation: 1))
        #expect(s.autoPull == AutoPullState(enabled: true), "nothing pulled on the new cluster yet")
        send(&s, delta([row("untagged", image: "busybox")], replacesAll: true, generation: 1))
        #expect(send(&s, .imageStatuses([normalized("busybox"): .present], docker: Self.available))
            == [.pull([normalized("busybox")], reason: .autoPull(.always))])
        send(&s, change(false, generation: 2))
        send(&s, delta([row("tagged", image: "nginx:1.25")], replacesAll: true, generation: 2))
        #expect(send(&s, .imageStatuses([normalized("nginx:1.25"): .absent], docker: Self.available)).isEmpty)
    }
}

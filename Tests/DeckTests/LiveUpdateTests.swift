@testable import Deck
import Docker
import Foundation
import PodModel
import Screen
import Testing

@Suite("update(): pulls and probes")
struct LiveUpdateTests {
    func loaded() -> AppState {
        var s = makeState()
        send(&s, delta([makeRow("shop", "web", image: "nginx:1.25"), makeRow("shop", "api", image: "127.0.0.1:5000/demo/app:1")],
                       replacesAll: true))
        return s
    }

    @Test func pPullsTheSelectedPodsImagesNormalised() {
        var s = loaded()
        #expect(send(&s, .key(.char("p"))) == [.pull(["127.0.0.1:5000/demo/app:1"])])
        send(&s, .key(.char("j")))
        #expect(send(&s, .key(.char("p"))) == [.pull(["docker.io/library/nginx:1.25"])])
    }

    @Test func capitalPPullsOnlyMissingImagesOfTheListedPods() {
        var s = loaded()
        send(&s, .imageStatuses(["docker.io/library/nginx:1.25": .present, "127.0.0.1:5000/demo/app:1": .absent],
                                docker: .available(apiVersion: "1.41")))
        #expect(send(&s, .key(.char("P"))) == [.pull(["127.0.0.1:5000/demo/app:1"])])
        send(&s, .imageStatuses(["127.0.0.1:5000/demo/app:1": .present], docker: .available(apiVersion: "1.41")))
        #expect(send(&s, .key(.char("P"))).isEmpty)
        #expect(s.message?.text.contains("no missing image") == true)
    }

    @Test func dockerUnavailableIsSaidAndNothingIsPulled() {
        var s = loaded()
        send(&s, .imageStatuses(["docker.io/library/nginx:1.25": .dockerUnavailable("no socket")],
                                docker: .unavailable(reason: "cannot connect to unix:///nope.sock")))
        #expect(send(&s, .key(.char("p"))).isEmpty)
        #expect(s.message?.text.contains("docker unavailable") == true)
        #expect(screenLines(s)[1].contains("docker unavailable"))
    }

    @Test func probesPauseAndOff() {
        var s = loaded()
        #expect(send(&s, .key(.ctrl("p"))) == [.pauseProbes(true)])
        #expect(screenLines(s)[1].contains("probes paused"))
        #expect(send(&s, .key(.ctrl("p"))) == [.pauseProbes(false)])
        var off = loaded()
        off.probesEnabled = false
        #expect(send(&off, .key(.ctrl("p"))).isEmpty)
        #expect(screenLines(off)[4].contains("off"), "the PROBE column says off")
    }

    @Test func imageColumnShowsPresenceAndPulling() {
        var s = loaded()
        send(&s, .imageStatuses(["docker.io/library/nginx:1.25": .present, "127.0.0.1:5000/demo/app:1": .pulling(0.42)],
                                docker: .available(apiVersion: "1.41")))
        let lines = screenLines(s)
        #expect(lines.contains { $0.contains("⇣42%") && $0.contains("demo/app:1") })
        #expect(lines.contains { $0.contains("✓ nginx:1.25") })
    }
}

/// The header when more pods declare probes than `probes.maxPods`.
@Suite struct ProbeLimitHeaderTests {
    @Test func theHeaderSaysProbesAreOffPastTheLimitAndNotOnceWithin() {
        var state = makeState(width: 160)
        state.probeMaxPods = 2000
        send(&state, delta([makeRow("default", "web")]), .probesOverLimit(100_000))
        #expect(screenLines(state)[1].contains("probes off: 100000 pods with probes > probes.maxPods 2000"))
        send(&state, .probesOverLimit(nil))
        #expect(!screenLines(state).joined().contains("probes off"))
    }
}

@testable import ProbeTargets
import Testing

@Suite struct ProbeTargetRouteTests {
    private func action(_ uri: String, method: String = "GET", profile: ProbeTargetServer.Profile = .healthy,
                        healthy: Bool = true, headers: [(String, String)] = []) -> ProbeTargetAction {
        ProbeTargetRoute.action(method: method, uri: uri, headers: headers, profile: profile, isHealthy: healthy)
    }

    private func status(_ uri: String, profile: ProbeTargetServer.Profile = .healthy) -> Int? {
        if case .respond(let response, _) = action(uri, profile: profile) { return response.status }
        return nil
    }

    @Test func healthEndpointsFollowTheProfile() {
        #expect(status("/healthz") == 200)
        #expect(status("/readyz", profile: .failing) == 503)
        #expect(action("/livez", profile: .slow(.seconds(3))) == .respond(ProbeTargetRoute.ok, delay: .seconds(3)))
        #expect(status("/nope") == 404)
    }

    @Test func statusRouteAnswersTheAskedCode() {
        #expect(status("/status/204") == 204)
        #expect(status("/status/399") == 399)
        #expect(status("/status/503") == 503)
        #expect(status("/status/99") == 400)
        #expect(status("/status/abc") == 400)
    }

    @Test func redirectRoutesSetLocation() {
        #expect(action("/redirect?to=http%3A%2F%2Flocalhost%3A8080%2Fhealthz&code=307")
            == .respond(ProbeTargetResponse(status: 307, location: "http://localhost:8080/healthz", text: "redirecting\n"),
                        delay: nil))
        #expect(action("/loop") == .respond(ProbeTargetResponse(status: 302, location: "/loop", text: "redirecting\n"),
                                            delay: nil))
        #expect(action("/chain/2") == .respond(ProbeTargetResponse(status: 302, location: "/chain/1", text: "redirecting\n"),
                                               delay: nil))
        #expect(status("/chain/0") == 200)
        #expect(status("/redirect?to=/x&code=200") == 400)
    }

    @Test func slowBigHeadersHangDropAndToggle() {
        #expect(action("/slow?ms=250") == .respond(ProbeTargetRoute.ok, delay: .milliseconds(250)))
        guard case .respond(let big, nil) = action("/big?bytes=12345") else {
            Issue.record("/big did not respond")
            return
        }
        #expect(big.body.count == 12345)
        #expect(action("/headers", headers: [("B", "2"), ("A", "1")])
            == .respond(ProbeTargetResponse(status: 200, text: "B: 2\nA: 1\n"), delay: nil))
        #expect(action("/hang") == .hang)
        #expect(action("/drop") == .drop)
        #expect(action("/reset") == .reset)
        #expect(action("/toggle", healthy: false) == .respond(ProbeTargetRoute.failing, delay: nil))
        #expect(action("/toggle", method: "POST") == .toggle)
    }

    @Test func responsesWithoutBodyAllowance() {
        #expect(!ProbeTargetResponse(status: 204, text: "x").allowsBody)
        #expect(!ProbeTargetResponse(status: 304, text: "x").allowsBody)
        #expect(ProbeTargetResponse(status: 200, text: "x").allowsBody)
    }
}

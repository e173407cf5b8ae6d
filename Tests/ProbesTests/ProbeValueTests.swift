@testable import Probes
import Testing

@Suite struct ProbeValueTests {
    @Test func definitionsRejectWhatKubernetesRejects() throws {
        let handler = ProbeHandler.tcp(host: "10.0.0.1", port: 80)
        let error = #expect(throws: ProbeDefinitionError.self) {
            try ProbeDefinition(handler: handler, period: .zero, timeout: .milliseconds(500), initialDelay: .seconds(-1),
                                successThreshold: 0, failureThreshold: 0)
        }
        #expect(error?.problems.map(\.field) == [
            "periodSeconds", "timeoutSeconds", "initialDelaySeconds", "successThreshold", "failureThreshold",
        ])
        #expect(error?.description.contains("periodSeconds: must be at least 1s (got 0ms)") == true)
        let defaults = try ProbeDefinition(handler: handler)
        #expect(defaults.period == .seconds(10))
        #expect(defaults.timeout == .seconds(1))
        #expect(defaults.failureThreshold == 3)
    }

    @Test func livenessAndStartupNeedASuccessThresholdOfOne() throws {
        let definition = try ProbeDefinition(handler: .tcp(host: "h", port: 1), successThreshold: 2)
        #expect(throws: ProbeDefinitionError.self) { try definition.validate(for: .liveness) }
        #expect(throws: ProbeDefinitionError.self) { try definition.validate(for: .startup) }
        try definition.validate(for: .readiness)
    }

    @Test func outputIsCappedOnACharacterBoundary() {
        let text = String(repeating: "a", count: ProbeResult.maxOutputBytes - 1) + "é" + "tail"
        let result = ProbeResult(outcome: .success, message: "", output: text)
        #expect(result.output.utf8.count == ProbeResult.maxOutputBytes - 1)
        #expect(result.output.allSatisfy { $0 == "a" })
        let short = ProbeResult(outcome: .success, message: "", output: "short")
        #expect(short.output == "short")
    }

    @Test func durationsReadCompactly() {
        #expect(Duration.seconds(1).probeText == "1s")
        #expect(Duration.milliseconds(1500).probeText == "1.5s")
        #expect(Duration.milliseconds(250).probeText == "250ms")
        #expect(Duration.seconds(150).probeText == "2m30s")
        #expect(Duration.microseconds(1500).probeText == "1.5ms")
    }

    @Test func headersFollowKubeletRules() {
        let headers = HTTPProbeHeaders(spec: [
            ProbeHTTPHeader("accept", "application/json"), ProbeHTTPHeader("X-A", "1"), ProbeHTTPHeader("host", "svc.local"),
        ], userAgent: "kube-probe/1.29")
        #expect(headers.fields == [
            ProbeHTTPHeader("User-Agent", "kube-probe/1.29"), ProbeHTTPHeader("accept", "application/json"),
            ProbeHTTPHeader("X-A", "1"), ProbeHTTPHeader("Connection", "close"),
        ])
        #expect(headers.hostOverride == "svc.local")
        let removed = HTTPProbeHeaders(spec: [ProbeHTTPHeader("User-Agent", "")], userAgent: "kube-probe/1.29")
        #expect(removed.fields == [ProbeHTTPHeader("Accept", "*/*"), ProbeHTTPHeader("Connection", "close")])
    }

    @Test func urlsAndSummaries() {
        let probe = HTTPGetProbe(scheme: .https, host: "fd00::1", port: 8443, path: "ready")
        #expect(probe.url == "https://[fd00::1]:8443/ready")
        #expect(ProbeHandler.httpGet(probe).summary == "GET https://[fd00::1]:8443/ready")
        #expect(ProbeHandler.tcp(host: "10.0.0.1", port: 5432).summary == "tcp 10.0.0.1:5432")
        #expect(ProbeKey(pod: "default/web-0", container: "app", kind: .readiness).description
            == "default/web-0/app readiness")
    }
}

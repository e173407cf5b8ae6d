@testable import CLI
import Foundation
@testable import Ops
import Probes
import Testing

private let pod = PodKey(namespace: "shop", name: "web")

private func planned(_ kind: ProbeKind = .liveness, container: String = "web",
                     handler: Probes.ProbeHandler = .httpGet(HTTPGetProbe(host: "10.0.0.7", port: 8080, path: "/healthz")))
    throws -> PlannedProbe {
    PlannedProbe(key: ProbeKey(pod: pod.description, container: container, kind: kind),
                 definition: try ProbeDefinition(handler: handler))
}

private func record(_ probe: PlannedProbe, _ outcome: ProbeOutcome, _ message: String, run: Int = 1,
                    output: String = "") -> ProbeRunRecord {
    var tracker = ProbeTracker(kind: probe.key.kind, definition: probe.definition)
    let result = ProbeResult(outcome: outcome, message: message, latency: .microseconds(1250), output: output)
    tracker.record(result)
    return ProbeRunRecord(probe: probe, run: run, result: result, tracker: tracker)
}

@Suite("poddeck probe: lines, JSON and exit status")
struct ProbeRunPrinterTests {
    @Test func textLinesAreAlignedAndSanitised() throws {
        let live = try planned()
        let ready = try planned(.readiness, container: "side\u{1B}[31mcar", handler: .unsupported("pod has no IP"))
        let printer = ProbeRunPrinter(probes: [live, ready], count: 1)
        #expect(printer.header.split(separator: " ") == ["KIND", "CONTAINER", "TARGET", "RESULT", "LATENCY", "STATE",
                                                          "MESSAGE"])
        let ok = printer.text(record(live, .success, "HTTP 200"))
        #expect(ok.split(separator: " ") == ["liveness", "web", "GET", "http://10.0.0.7:8080/healthz", "success",
                                             "1.25ms", "ok", "HTTP", "200"])
        let columns = printer.header.range(of: "RESULT")?.lowerBound.utf16Offset(in: printer.header)
        #expect(ok.range(of: "success")?.lowerBound.utf16Offset(in: ok) == columns, "columns line up")
        let unknown = printer.text(record(ready, .unknown, "unsupported probe handler: pod has no IP"))
        #expect(unknown.contains("side^[[31mcar"), "\(unknown)")
        #expect(!unknown.contains("\u{1B}"))
        #expect(unknown.hasSuffix("pod has no IP"))
        #expect(!unknown.contains("unsupported probe handler"), "the reason, not the prober's wording")

        let runs = ProbeRunPrinter(probes: [live], count: 3)
        #expect(runs.header.hasPrefix("RUN  KIND"))
        #expect(runs.text(record(live, .failure, "HTTP probe failed with statuscode: 503", run: 2)).hasPrefix("2/3  liveness"))
    }

    @Test func jsonKeepsOutputRawForPipesAndSanitisesForTerminals() throws {
        let live = try planned(handler: .exec(containerID: "abc", command: ["check"]))
        let records = [record(live, .failure, "command failed with exit code 1", output: "bad\u{1B}]0;x\u{07}\n")]
        let raw = try #require(JSONSerialization.jsonObject(with: Data(ProbeRunPrinter.json(records, sanitize: false).utf8))
                               as? [[String: Any]])
        #expect(raw.count == 1)
        #expect(raw[0]["output"] as? String == "bad\u{1B}]0;x\u{07}\n")
        #expect(raw[0]["latencyMs"] as? Double == 1.25)
        #expect(raw[0]["state"] as? String == "ok")
        #expect(raw[0]["consecutiveFailures"] as? Int == 1)
        let terminal = ProbeRunPrinter.json(records, sanitize: true)
        #expect(!terminal.contains("\\u001b"))
        let cleaned = try #require(JSONSerialization.jsonObject(with: Data(terminal.utf8)) as? [[String: Any]])
        #expect(cleaned[0]["output"] as? String == "bad^[]0;x^G^J")
    }

    /// A response body comes from wherever the spec pointed: it is never printed.
    @Test func httpResponseBodiesAreNeverShown() throws {
        let live = try planned()
        let records = [record(live, .failure, "HTTP probe failed with statuscode: 500", output: "secret page\n")]
        let json = ProbeRunPrinter.json(records, sanitize: false)
        #expect(!json.contains("secret page"))
        let objects = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects[0]["output"] as? String == "")
    }

    @Test func theExitStatusFollowsTheWorstRun() throws {
        let live = try planned()
        let ready = try planned(.readiness)
        let start = try planned(.startup, handler: .unsupported("gRPC probes are not supported"))

        // Successes and warnings: exit 0.
        try ProbeRunner.verdict([record(live, .success, "HTTP 200"),
                                 record(ready, .warning, "probe terminated redirects (HTTP 302)")], pod: pod)

        // Any failure: 6, one line per failing probe, then the probes that could not run.
        let failure = #expect(throws: CommandFailure.self) {
            try ProbeRunner.verdict([record(live, .failure, "HTTP probe failed with statuscode: 503", run: 1),
                                     record(live, .success, "HTTP 200", run: 2),
                                     record(start, .unknown, "unsupported probe handler: gRPC probes are not supported")],
                                    pod: pod)
        }
        #expect(failure?.status == .probeFailed)
        #expect(failure?.lines == [
            "liveness probe of container web in pod shop/web (GET http://10.0.0.7:8080/healthz) failed 1 of 2 runs: "
                + "HTTP probe failed with statuscode: 503",
            "startup probe of container web in pod shop/web could not run: gRPC probes are not supported",
        ])

        // Only probes that could not run: 1.
        let unknown = #expect(throws: CommandFailure.self) {
            try ProbeRunner.verdict([record(live, .success, "HTTP 200"),
                                     record(start, .unknown, "unsupported probe handler: gRPC probes are not supported")],
                                    pod: pod)
        }
        #expect(unknown?.status == .runtime)
        #expect(unknown?.lines.count == 1)
    }
}

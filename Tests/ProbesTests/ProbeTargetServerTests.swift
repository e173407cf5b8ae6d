import Probes
import ProbeTargets
import TestSupport
import Testing

@Suite struct ProbeTargetServerTests {
    @Test func togglesByMethodAndByRequest() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let handler = httpGet(server.port, "/toggle")
                #expect(await prober.probe(handler, timeout: .seconds(20)).outcome == .success)
                server.setHealthy(false)
                #expect(await prober.probe(handler, timeout: .seconds(20)).outcome == .failure)
                #expect(server.toggle())
                #expect(await prober.probe(handler, timeout: .seconds(20)).outcome == .success)
                #expect(server.requestCount(path: "/toggle") == 3)
            }
        }
    }

    @Test func postTogglesTheState() async throws {
        try await withProbeTarget { server in
            let answer = try rawExchange(port: server.port,
                                         "POST /toggle HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 503"))
            #expect(answer.hasSuffix("\r\n\r\nfailing\n"))
            #expect(!server.isHealthy)
        }
    }

    @Test func stopClosesHangingConnectionsAndFreesThePort() async throws {
        let server = ProbeTargetServer()
        try await server.start(port: try PortAllocator.freePort())
        let port = server.port
        #expect(port > 0)
        #expect(server.isListening)
        let prober = HTTPProber()
        let hanging = Task {
            await prober.probe(.httpGet(HTTPGetProbe(host: "127.0.0.1", port: port, path: "/hang")), timeout: .seconds(60))
        }
        try await waitUntil("the /hang request to arrive") { server.requestCount(path: "/hang") == 1 }
        await server.stop()
        let result = await hanging.value
        #expect(result.outcome == .failure)
        #expect(!server.isListening)
        await prober.shutdown()
    }

    @Test func startingTwiceFails() async throws {
        try await withProbeTarget { server in
            await #expect(throws: ProbeTargetServerError.self) { try await server.start() }
        }
    }

    @Test func runForeverServesThreeProfilesUntilCancelled() async throws {
        let ports = AsyncStream<ProbeTargetPorts>.makeStream()
        let run = Task {
            defer { ports.continuation.finish() }
            try await ProbeTargetServer.runForever(
                healthyPort: try PortAllocator.freePort(), failingPort: try PortAllocator.freePort(),
                slowPort: try PortAllocator.freePort(), slowDelay: .seconds(30)
            ) {
                ports.continuation.yield($0)
            }
        }
        var iterator = ports.stream.makeAsyncIterator()
        let bound = try #require(await iterator.next())
        let prober = HTTPProber()
        func probe(_ port: Int, timeout: Duration = .seconds(20)) async -> ProbeResult {
            await prober.probe(.httpGet(HTTPGetProbe(host: "127.0.0.1", port: port, path: "/healthz")), timeout: timeout)
        }
        #expect(await probe(bound.healthy).outcome == .success)
        #expect(await probe(bound.failing).message == "HTTP probe failed with statuscode: 503")
        #expect(await probe(bound.slow, timeout: .seconds(1)).message.contains("timeout after 1s"))
        // Returns (instead of running on) once cancelled.
        run.cancel()
        try await run.value
        await prober.shutdown()
    }
}

import Probes
import ProbeTargets
import TestSupport
import Testing

@Suite struct TCPProberTests {
    @Test func anOpenPortSucceeds() async throws {
        try await withProbeTarget(mode: .tcp) { server in
            let result = await TCPProber().probe(.tcp(host: "127.0.0.1", port: server.port), timeout: .seconds(20))
            #expect(result.outcome == .success)
            #expect(result.message == "connected to 127.0.0.1:\(server.port)")
            try await waitUntil("the connection to reach the server") { server.connectionCount == 1 }
        }
    }

    @Test func aClosedPortFails() async throws {
        let port = try closedProbePort()
        let result = await TCPProber().probe(.tcp(host: "127.0.0.1", port: port), timeout: .seconds(20))
        #expect(result.outcome == .failure)
        #expect(result.message == "dial tcp 127.0.0.1:\(port): connection refused")
    }

    @Test func otherHandlersAreUnknown() async {
        let result = await TCPProber().probe(.exec(containerID: "c", command: ["true"]), timeout: .seconds(1))
        #expect(result.outcome == .unknown)
        #expect(result.message == "unsupported probe handler: exec")
    }
}

import Probes
import ProbeTargets
import TestSupport
import Testing

@Suite struct ProberDispatcherTests {
    @Test func routesEachHandlerToItsProber() async throws {
        let dispatcher = ProberDispatcher(execRunner: FakeExecRunner(.exit(0, "ok")))
        try await withProbeTarget { server in
            let http = await dispatcher.probe(httpGet(server.port, "/healthz"), timeout: .seconds(20))
            #expect(http.message == "HTTP 200")
            let tcp = await dispatcher.probe(.tcp(host: "127.0.0.1", port: server.port), timeout: .seconds(20))
            #expect(tcp.message == "connected to 127.0.0.1:\(server.port)")
        }
        let exec = await dispatcher.probe(.exec(containerID: "c", command: ["true"]), timeout: .seconds(1))
        #expect(exec.message == "exit code 0")
        await dispatcher.shutdown()
    }

    @Test func unsupportedHandlersAreUnknownWithAReason() async {
        let dispatcher = ProberDispatcher()
        let odd = await dispatcher.probe(.unsupported("sleepAction"), timeout: .seconds(1))
        #expect(odd.outcome == .unknown)
        #expect(odd.message == "unsupported probe handler: sleepAction")
        let grpc = await dispatcher.probe(.grpc(host: "127.0.0.1", port: 1, service: nil), timeout: .seconds(1))
        #expect(grpc.outcome == .unknown)
        #expect(grpc.message == "gRPC probes are not supported yet")
        let exec = await dispatcher.probe(.exec(containerID: "c", command: ["true"]), timeout: .seconds(1))
        #expect(exec.outcome == .unknown)
        #expect(exec.message == "exec probes need a container runtime")
        await dispatcher.shutdown()
    }
}

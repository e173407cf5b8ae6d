import Docker
import Foundation
import Testing
import TestSupport

/// Client behaviour that needs no daemon.
struct DockerClientConnectionTests {
    @Test func absentDaemonIsAClearErrorNotAHang() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/docker.sock"
        let client = try DockerClient(host: DockerHost(parsing: "unix://\(path)"))
        let error = try await withinLimit(.seconds(20), "ping of an absent daemon") { () -> DockerError? in
            do {
                try await client.ping(timeout: .seconds(3))
                return nil
            } catch let error as DockerError {
                return error
            }
        }
        try await client.shutdown()
        let failure = try #require(error)
        #expect(failure == .cannotConnect(host: "unix://\(path)", reason: "no such file or directory"))
        #expect(failure.description.hasPrefix("cannot connect to Docker at unix://\(path): no such file"))
    }

    @Test func pullFromAnAbsentDaemonThrowsTheSameError() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/docker.sock"
        let client = try DockerClient(host: DockerHost(parsing: "unix://\(path)"))
        let error = await #expect(throws: DockerError.self) {
            for try await _ in client.pull(fromImage: "demo/app", tag: "1") {}
        }
        try await client.shutdown()
        #expect(error == .cannotConnect(host: "unix://\(path)", reason: "no such file or directory"))
    }

    @Test func anEmptyTagIsRefusedBeforeAnythingIsSent() async throws {
        let client = try DockerClient(host: DockerHost(parsing: "unix:///nonexistent/docker.sock"))
        for tag in ["", "  "] {
            let error = await #expect(throws: DockerError.self) {
                for try await _ in client.pull(fromImage: "127.0.0.1:5000/demo/app", tag: tag) {}
            }
            guard case .invalidArgument(let reason)? = error else {
                Issue.record("expected invalidArgument, got \(String(describing: error))")
                continue
            }
            #expect(reason.contains("every tag"))
        }
        try await client.shutdown()
    }

    @Test func apiVersionNegotiationPicksTheLowerVersion() throws {
        #expect(try DockerAPIVersion.negotiate(server: DockerAPIVersion(major: 1, minor: 43)) == DockerAPIVersion(major: 1, minor: 41))
        #expect(try DockerAPIVersion.negotiate(server: DockerAPIVersion(major: 1, minor: 30)) == DockerAPIVersion(major: 1, minor: 30))
        #expect(throws: DockerError.unsupportedAPIVersion(server: "1.23", minimum: "1.24")) {
            try DockerAPIVersion.negotiate(server: DockerAPIVersion(major: 1, minor: 23))
        }
        #expect(DockerAPIVersion("1.41") == DockerAPIVersion(major: 1, minor: 41))
        #expect(DockerAPIVersion("1.9")! < DockerAPIVersion("1.10")!)
        #expect(DockerAPIVersion("1") == nil)
        #expect(DockerAPIVersion("1.x") == nil)
    }
}

import Docker
import Foundation
import Testing
import TestSupport

/// Tests against a real dockerd and registry (started once for the suite, stopped by PID).
@Suite(.dockerEnvironment)
struct DockerIntegrationTests {
    @Test func versionNegotiatesTheLowerAPIVersion() async throws {
        let env = try DockerEnvironment.require()
        try await env.withClient { client in
            let version = try await client.version()
            #expect(version.apiVersion == "1.41")
            let negotiated = try await client.apiVersion()
            #expect(negotiated == DockerAPIVersion(major: 1, minor: 41))
            #expect(try await client.ping() == "1.41")
        }
    }

    @Test func imageInspectFindsPresentImagesAndNilForAbsentOnes() async throws {
        let env = try DockerEnvironment.require()
        try await env.withClient { client in
            let present = try #require(try await client.imageInspect(env.busybox))
            #expect(present.repoTags.contains(env.busybox))
            #expect(present.id.hasPrefix("sha256:"))
            #expect(try await client.imageInspect("\(env.registry.address)/demo/never-pushed:1") == nil)
        }
    }
}

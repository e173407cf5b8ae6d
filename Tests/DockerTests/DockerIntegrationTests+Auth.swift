import Docker
import Foundation
import Testing
import TestSupport

extension DockerIntegrationTests {
    @Test func htpasswdRegistryNeedsTheRightCredentialsFromTheDockerConfig() async throws {
        let env = try DockerEnvironment.require()
        let registry = try await RegistryServer.start(htpasswd: (user: "alice", password: "s3cret-pw"))
        defer { registry.stop() }
        let goodConfig = try TempDirectory.make(prefix: "docker-config")
        let badConfig = try TempDirectory.make(prefix: "docker-config")
        defer {
            try? FileManager.default.removeItem(atPath: goodConfig)
            try? FileManager.default.removeItem(atPath: badConfig)
        }
        // `docker login` writes the real config format: {"auths":{"127.0.0.1:P":{"auth":"…"}}}.
        try await env.daemon.login(registry: registry.address, user: "alice", password: "s3cret-pw", configDirectory: goodConfig)
        let image = try await DockerTestImages.pushMultiLayer(daemon: env.daemon, registry: registry.address, repository: "demo/private",
                                                        layerSizes: [100_000], configDirectory: goodConfig)
        let wrong = Data("alice:not-the-password".utf8).base64EncodedString()
        try #"{"auths":{"http://\#(registry.address)/v2/":{"auth":"\#(wrong)"}}}"#
            .write(toFile: "\(badConfig)/config.json", atomically: true, encoding: .utf8)

        let right = try #require(try RegistryAuth.fromDockerConfig(forImage: image.fromImage, environment: ["DOCKER_CONFIG": goodConfig]))
        let bad = try #require(try RegistryAuth.fromDockerConfig(forImage: image.fromImage, environment: ["DOCKER_CONFIG": badConfig]))
        #expect(right.username == "alice" && right.serverAddress == registry.address)
        #expect(!"\(right)".contains("s3cret-pw"))

        try await env.withClient { client in
            let anonymous = await #expect(throws: DockerError.self) {
                for try await _ in client.pull(fromImage: image.fromImage, tag: image.tag) {}
            }
            #expect(anonymous?.httpStatus == 500)
            #expect(anonymous?.description.contains("no basic auth credentials") == true, "\(String(describing: anonymous))")

            let refused = await #expect(throws: DockerError.self) {
                for try await _ in client.pull(fromImage: image.fromImage, tag: image.tag, auth: bad) {}
            }
            #expect(refused?.httpStatus == 500)
            #expect(refused?.description.contains("authentication required") == true, "\(String(describing: refused))")
            #expect(try await client.imageInspect(image.reference) == nil)

            var progress = PullProgress()
            for try await message in client.pull(fromImage: image.fromImage, tag: image.tag, auth: right) {
                progress.apply(message, at: .zero)
            }
            #expect(progress.isComplete)
            #expect(try await client.imageInspect(image.reference) != nil)
        }
    }
}

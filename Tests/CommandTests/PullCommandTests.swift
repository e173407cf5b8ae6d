import Foundation
import Testing
import TestSupport

/// `poddeck pull` as a real process against a real dockerd, registry and etcd.
@Suite("poddeck pull against a real dockerd and registry", .serialized)
struct PullCommandTests {
    /// A dockerd and a registry holding a busybox image of its own, absent from the daemon.
    struct Docker {
        let daemon: DockerDaemon
        let registry: RegistryServer

        static func start() async throws -> Docker {
            let daemon = try await DockerDaemon.start()
            do {
                return Docker(daemon: daemon, registry: try await RegistryServer.start())
            } catch {
                daemon.stop()
                throw error
            }
        }

        func stop() {
            registry.stop()
            daemon.stop()
        }

        /// Pushes a unique one-layer image as `repository:1` and removes it from the daemon.
        func push(_ repository: String) async throws -> String {
            let reference = "\(registry.address)/\(repository):1"
            try await DockerTestImages.importBusybox(into: daemon, reference: reference)
            try await daemon.dockerChecked(["push", reference])
            try await daemon.dockerChecked(["rmi", reference])
            return reference
        }

        func pull(_ arguments: [String], etcd: EtcdServer? = nil) async throws -> ProcessResult {
            var args = ["pull"] + arguments + ["--docker-host", daemon.host]
            if let etcd { args += ["--endpoints", etcd.clientURL] }
            return try await PodDeckBinary.run(args, environment: ["DOCKER_CONFIG": daemon.cliConfigDirectory], timeout: .seconds(180))
        }
    }

    @Test func pullsImagesExitsZeroAndFailsABadTagWithTheRegistrysMessage() async throws {
        let docker = try await Docker.start()
        defer { docker.stop() }
        let first = try await docker.push("cmd/first")
        let second = try await docker.push("cmd/second")
        let ok = try await docker.pull([first, second])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.isEmpty, "\(ok.stderr)")
        // Not a terminal: plain lines, one final line per image, no escape sequences.
        let lines = ok.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(first) ") && $0.hasSuffix(" Pull complete") }, "\(ok.stdout)")
        #expect(lines.filter { $0.hasPrefix("\(first) pulled ") }.count == 1, "\(ok.stdout)")
        #expect(lines.filter { $0.hasPrefix("\(second) pulled ") }.count == 1, "\(ok.stdout)")
        #expect(!ok.stdout.contains("\u{1B}"))
        #expect(try await docker.daemon.hasImage(first))
        #expect(try await docker.daemon.hasImage(second))

        let missing = "\(docker.registry.address)/cmd/first:no-such-tag"
        let bad = try await docker.pull([missing, first])
        #expect(bad.status == 1)
        let errors = bad.stderr.split(separator: "\n")
        #expect(errors.count == 1, "\(bad.stderr)")
        #expect(errors.first?.hasPrefix("poddeck: pull \(missing) failed: ") == true, "\(bad.stderr)")
        #expect(bad.stderr.contains("manifest unknown"), "\(bad.stderr)")
        #expect(bad.stdout.contains("\(missing) failed\n"), "\(bad.stdout)")
        #expect(bad.stdout.contains("\(first) up to date\n"), "\(bad.stdout)")
    }

    @Test func pullsEveryImageOfAPodFromEtcd() async throws {
        let docker = try await Docker.start()
        defer { docker.stop() }
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let app = try await docker.push("cmd/app")
        let setup = try await docker.push("cmd/setup")
        let pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},
             "spec":{"initContainers":[{"name":"setup","image":"\(setup)"}],
                     "containers":[{"name":"app","image":"\(app)"},{"name":"sidecar","image":"\(app)"}]}}
            """
        try await etcd.put("/registry/pods/shop/web", pod)

        let dry = try await docker.pull(["--pod", "shop/web", "--dry-run", "-o", "json"], etcd: etcd)
        #expect(dry.status == 0, "\(dry.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdoutBytes)) as? [String: Any])
        let images = try #require(object["images"] as? [[String: Any]])
        #expect(images.map { $0["reference"] as? String } == [setup, app])
        #expect(images.map { $0["containers"] as? [String] } == [["setup"], ["app", "sidecar"]])

        let pulled = try await docker.pull(["--pod", "shop/web"], etcd: etcd)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try await docker.daemon.hasImage(app))
        #expect(try await docker.daemon.hasImage(setup))

        let gone = try await docker.pull(["--pod", "shop/nothing"], etcd: etcd)
        #expect(gone.status == 5)
        #expect(gone.stderr.contains("pod shop/nothing not found"), "\(gone.stderr)")

        try await etcd.put("/registry/pods/shop/broken", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"broken","namespace":"shop"},
             "spec":{"containers":[{"name":"a","image":"Not/Valid"},{"name":"b"}]}}
            """)
        let broken = try await docker.pull(["--pod", "shop/broken"], etcd: etcd)
        #expect(broken.status == 3)
        #expect(broken.stderr.contains("spec.containers[0].image \"Not/Valid\" is not a valid image reference"), "\(broken.stderr)")
        #expect(broken.stderr.contains("spec.containers[1].image is missing"), "\(broken.stderr)")
    }

    @Test func dryRunPrintsTheNormalisedReferencesWithoutDocker() async throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let port = try PortAllocator.freePort()
        // The Docker host does not exist: a dry run never asks it.
        let json = try await PodDeckBinary.run(["pull", "nginx", "localhost:5000/team/app:2@\(digest)", "--platform", "linux/arm64",
                                                "--dry-run", "-o", "json", "--docker-host", "tcp://127.0.0.1:\(port)"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any])
        let images = try #require(object["images"] as? [[String: Any]])
        #expect(images.count == 2)
        #expect(images[0]["input"] as? String == "nginx")
        #expect(images[0]["reference"] as? String == "docker.io/library/nginx:latest")
        #expect(images[0]["familiar"] as? String == "nginx:latest")
        #expect(images[0]["domain"] as? String == "docker.io")
        #expect(images[0]["path"] as? String == "library/nginx")
        #expect(images[0]["tag"] as? String == "latest")
        #expect(images[0]["digest"] is NSNull)
        let pull0 = try #require(images[0]["pull"] as? [String: Any])
        #expect(pull0["fromImage"] as? String == "docker.io/library/nginx")
        #expect(pull0["tag"] as? String == "latest")
        #expect(pull0["platform"] as? String == "linux/arm64")
        #expect(images[1]["domain"] as? String == "localhost:5000")
        #expect(images[1]["path"] as? String == "team/app")
        #expect(images[1]["tag"] as? String == "2")
        #expect(images[1]["digest"] as? String == digest)
        let pull1 = try #require(images[1]["pull"] as? [String: Any])
        #expect(pull1["fromImage"] as? String == "localhost:5000/team/app")
        #expect(pull1["tag"] as? String == digest, "a digest is pulled by digest")

        let text = try await PodDeckBinary.run(["pull", "index.docker.io/user/tool", "--dry-run"])
        #expect(text.status == 0)
        #expect(text.stdout == """
            docker.io/user/tool:latest
              domain:     docker.io
              path:       user/tool
              tag:        latest
              digest:     <none>
              fromImage:  docker.io/user/tool
              tag sent:   latest

            """)
    }

    @Test func badArgumentsAndAMissingDaemonHaveTheirExitCodes() async throws {
        let invalid = try await PodDeckBinary.run(["pull", "nginx", "Bad_Ref:x"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("invalid image reference \"Bad_Ref:x\""), "\(invalid.stderr)")
        let nothing = try await PodDeckBinary.run(["pull"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing to pull"))
        let both = try await PodDeckBinary.run(["pull", "nginx", "--pod", "a/b"])
        #expect(both.status == 2)
        let outputWithoutDryRun = try await PodDeckBinary.run(["pull", "nginx", "-o", "json"])
        #expect(outputWithoutDryRun.status == 2)
        let zeroParallel = try await PodDeckBinary.run(["pull", "nginx", "--max-parallel-pulls", "0"])
        #expect(zeroParallel.status == 2)
        #expect(zeroParallel.stderr.contains("max-parallel-pulls"), "\(zeroParallel.stderr)")

        let dir = try TempDirectory.make(prefix: "nodocker")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let absent = try await PodDeckBinary.run(["pull", "nginx", "--docker-host", "unix://\(dir)/docker.sock"])
        #expect(absent.status == 1)
        #expect(absent.stderr == "poddeck: docker unavailable: cannot connect to Docker at unix://\(dir)/docker.sock: "
                + "no such file or directory (is the Docker daemon running? set --docker-host or DOCKER_HOST)\n", "\(absent.stderr)")
    }
}

import Docker
import Foundation
import Testing
import TestSupport

struct RegistryAuthTests {
    static func config(_ json: String) throws -> DockerConfigFile {
        try DockerConfigFile(path: "/test/config.json", data: Data(json.utf8))
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test(arguments: [
        ("busybox", "docker.io"),
        ("library/busybox", "docker.io"),
        ("someone/app", "docker.io"),
        ("docker.io/library/busybox", "docker.io"),
        ("index.docker.io/someone/app", "docker.io"),
        ("127.0.0.1:5000/demo/app", "127.0.0.1:5000"),
        ("localhost/app", "localhost"),
        ("localhost:5000/app", "localhost:5000"),
        ("Registry.Example.com/team/app", "registry.example.com"),
    ])
    func registryHostOfAnImage(image: String, host: String) {
        #expect(RegistryAuth.registryHost(ofImage: image) == host)
    }

    @Test func dockerHubAliasesAllMatch() throws {
        for key in ["https://index.docker.io/v1/", "docker.io", "index.docker.io", "https://registry-1.docker.io"] {
            let config = try Self.config(#"{"auths":{"\#(key)":{"auth":"\#(Self.base64("hub-user:hub-pass"))"}}}"#)
            let auth = try #require(try config.auth(forImage: "library/busybox"), "key \(key)")
            #expect(auth == RegistryAuth(username: "hub-user", password: "hub-pass", serverAddress: "https://index.docker.io/v1/"))
        }
    }

    @Test func entriesMatchTheImagesRegistryOnly() throws {
        let config = try Self.config("""
            {"auths": {
              "http://127.0.0.1:5000/v2/": {"auth": "\(Self.base64("alice:pa:ss"))"},
              "registry.example.com": {"username": "bob", "password": "hunter2"},
              "ghcr.io": {"username": "carol", "identitytoken": "tok-123"}
            }}
            """)
        #expect(try config.auth(forImage: "127.0.0.1:5000/demo/app") ==
            RegistryAuth(username: "alice", password: "pa:ss", serverAddress: "127.0.0.1:5000"))
        #expect(try config.auth(forImage: "registry.example.com/x") ==
            RegistryAuth(username: "bob", password: "hunter2", serverAddress: "registry.example.com"))
        #expect(try config.auth(forImage: "ghcr.io/org/app") ==
            RegistryAuth(username: "carol", password: "", identityToken: "tok-123", serverAddress: "ghcr.io"))
        #expect(try config.auth(forImage: "127.0.0.1:5001/demo/app") == nil)
        #expect(try config.auth(forImage: "busybox") == nil)
        #expect(config.registries == ["127.0.0.1:5000", "ghcr.io", "registry.example.com"])
    }

    @Test func headerIsBase64URLOfTheCredentialsJSON() throws {
        // Characters chosen so that standard base64 would contain '+' and '/'.
        let auth = RegistryAuth(username: "u>>>", password: "p???~~~", serverAddress: "127.0.0.1:5000")
        let header = auth.headerValue
        #expect(!header.contains("+") && !header.contains("/"))
        let standard = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        #expect(standard.contains("+") && standard.contains("/"), "the sample should exercise both replacements")
        let data = try #require(Data(base64Encoded: standard))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == ["username": "u>>>", "password": "p???~~~", "serveraddress": "127.0.0.1:5000"])

        let token = RegistryAuth(username: "u", password: "", identityToken: "t", serverAddress: "ghcr.io")
        let tokenData = try #require(Data(base64Encoded: token.headerValue.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")))
        #expect(try JSONSerialization.jsonObject(with: tokenData) as? [String: String] ==
            ["username": "u", "password": "", "identitytoken": "t", "serveraddress": "ghcr.io"])
    }

    @Test func printingNeverShowsSecrets() throws {
        let auth = RegistryAuth(username: "alice", password: "s3cret-pw", identityToken: "tok-secret", serverAddress: "r.example")
        var dumped = ""
        dump(auth, to: &dumped)
        for text in ["\(auth)", String(reflecting: auth), dumped] {
            #expect(!text.contains("s3cret-pw") && !text.contains("tok-secret"), "\(text)")
            #expect(text.contains("alice") && text.contains("<redacted>"))
        }
        let config = try Self.config(#"{"auths":{"r.example":{"auth":"\#(Self.base64("alice:s3cret-pw"))"}}}"#)
        var dumpedConfig = ""
        dump(config, to: &dumpedConfig)
        for text in ["\(config)", String(reflecting: config), dumpedConfig] {
            #expect(!text.contains("s3cret-pw") && !text.contains(Self.base64("alice:s3cret-pw")), "\(text)")
        }
    }

    @Test func credentialHelpersAreReportedNotRun() throws {
        let config = try Self.config("""
            {"auths": {"docker.io": {}, "plain.example": {"auth": "\(Self.base64("a:b"))"}},
             "credsStore": "desktop",
             "credHelpers": {"gcr.io": "gcloud"}}
            """)
        #expect(throws: DockerError.credentialHelperUnsupported(registry: "gcr.io", helper: "gcloud")) {
            try config.auth(forImage: "gcr.io/project/app")
        }
        #expect(throws: DockerError.credentialHelperUnsupported(registry: "docker.io", helper: "desktop")) {
            try config.auth(forImage: "busybox")
        }
        #expect(try config.auth(forImage: "plain.example/app")?.username == "a")
        // No entry at all: anonymous, even with a default store.
        #expect(try config.auth(forImage: "other.example/app") == nil)
        let message = DockerError.credentialHelperUnsupported(registry: "gcr.io", helper: "gcloud").description
        #expect(message.contains("docker-credential-gcloud") && message.contains("not supported"))
    }

    @Test func malformedConfigsAreErrorsWithoutSecrets() throws {
        #expect(throws: DockerError.invalidConfig(path: "/test/config.json", reason: "not valid JSON")) {
            try Self.config("{not json")
        }
        #expect(throws: DockerError.invalidConfig(path: "/test/config.json", reason: "\"auths\" is not an object")) {
            try Self.config(#"{"auths":[]}"#)
        }
        let config = try Self.config(#"{"auths":{"r.example":{"auth":"%%%secret%%%"}}}"#)
        let error = #expect(throws: DockerError.self) { try config.auth(forImage: "r.example/app") }
        #expect(error == .invalidConfig(path: "/test/config.json", reason: "auths[\"r.example\"].auth is not base64 of user:password"))
        #expect(error?.description.contains("secret") == false)
    }

    @Test func configIsFoundThroughDockerConfigOrHome() throws {
        let dir = try TempDirectory.make(prefix: "docker-config")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try RegistryAuth.fromDockerConfig(forImage: "r.example/app", environment: ["DOCKER_CONFIG": dir]) == nil)
        try #"{"auths":{"r.example":{"auth":"\#(Self.base64("dc:pw"))"}}}"#.write(toFile: "\(dir)/config.json", atomically: true, encoding: .utf8)
        #expect(try RegistryAuth.fromDockerConfig(forImage: "r.example/app", environment: ["DOCKER_CONFIG": dir])?.username == "dc")

        try FileManager.default.createDirectory(atPath: "\(dir)/home/.docker", withIntermediateDirectories: true)
        try #"{"auths":{"r.example":{"auth":"\#(Self.base64("home:pw"))"}}}"#.write(toFile: "\(dir)/home/.docker/config.json", atomically: true, encoding: .utf8)
        #expect(DockerConfigFile.defaultPath(environment: ["HOME": "\(dir)/home"]) == "\(dir)/home/.docker/config.json")
        #expect(try RegistryAuth.fromDockerConfig(forImage: "r.example/app", environment: ["HOME": "\(dir)/home"])?.username == "home")
    }
}

import PodModel
import Testing

private let hex64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
private let hex96 = String(repeating: "0123456789abcdef", count: 6)
private let hex128 = String(repeating: "0123456789abcdef", count: 8)
private let sha256 = "sha256:" + hex64

/// A reference that parses, with every part it should parse into.
struct ValidReference: Sendable, CustomTestStringConvertible {
    var input: String
    var domain: String
    var path: String
    var tag: String?
    var digest: String?
    var normalized: String
    var familiar: String

    var testDescription: String { input.debugDescription }
}

/// A string that is not a reference, with Docker's reason for rejecting it.
struct InvalidReference: Sendable, CustomTestStringConvertible {
    var input: String
    var reason: String

    var testDescription: String { input.debugDescription }
}

private func valid(
    _ input: String, _ domain: String, _ path: String, tag: String? = nil, digest: String? = nil,
    _ normalized: String, _ familiar: String
) -> ValidReference {
    ValidReference(
        input: input, domain: domain, path: path, tag: tag, digest: digest,
        normalized: normalized, familiar: familiar
    )
}

private func invalid(_ input: String, _ reason: String) -> InvalidReference {
    InvalidReference(input: input, reason: reason)
}

private let invalidFormat = "invalid reference format"
private let mustBeLowercase = "repository name must be lowercase"
private let tooLong = "repository name must not be more than 255 characters"
private let digestFormat = "invalid checksum digest format"
private let digestLength = "invalid checksum digest length"
private let digestUnsupported = "unsupported digest algorithm"

private func remoteNotLowercase(_ remote: String) -> String {
    "invalid reference format: repository name (\(remote)) must be lowercase"
}

private let longestFamiliar = String(repeating: "a", count: 237)
private let longestOnDomain = String(repeating: "b", count: 243)
private let tag128 = "v" + String(repeating: "1", count: 127)

private let validReferences: [ValidReference] = [
    // Docker Hub official images and their spellings.
    valid("nginx", "docker.io", "library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
    valid("nginx:1.25", "docker.io", "library/nginx", tag: "1.25",
          "docker.io/library/nginx:1.25", "nginx:1.25"),
    valid("nginx:latest", "docker.io", "library/nginx", tag: "latest",
          "docker.io/library/nginx:latest", "nginx:latest"),
    valid("library/nginx", "docker.io", "library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
    valid("docker.io/nginx", "docker.io", "library/nginx", "docker.io/library/nginx:latest", "nginx:latest"),
    valid("docker.io/library/nginx", "docker.io", "library/nginx",
          "docker.io/library/nginx:latest", "nginx:latest"),
    valid("index.docker.io/library/nginx", "docker.io", "library/nginx",
          "docker.io/library/nginx:latest", "nginx:latest"),
    valid("index.docker.io/nginx", "docker.io", "library/nginx",
          "docker.io/library/nginx:latest", "nginx:latest"),
    valid("docker.io", "docker.io", "library/docker.io",
          "docker.io/library/docker.io:latest", "docker.io:latest"),
    // Docker Hub user images and nested paths.
    valid("user/app", "docker.io", "user/app", "docker.io/user/app:latest", "user/app:latest"),
    valid("docker.io/user/app", "docker.io", "user/app", "docker.io/user/app:latest", "user/app:latest"),
    valid("index.docker.io/user/app:v2", "docker.io", "user/app", tag: "v2",
          "docker.io/user/app:v2", "user/app:v2"),
    valid("library/a/b", "docker.io", "library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest"),
    valid("a/b/c/d", "docker.io", "a/b/c/d", "docker.io/a/b/c/d:latest", "a/b/c/d:latest"),
    valid("1/2", "docker.io", "1/2", "docker.io/1/2:latest", "1/2:latest"),
    // localhost is a domain only when something follows it.
    valid("localhost/app", "localhost", "app", "localhost/app:latest", "localhost/app:latest"),
    valid("localhost:5000/app:1", "localhost:5000", "app", tag: "1",
          "localhost:5000/app:1", "localhost:5000/app:1"),
    valid("localhost/library/debian", "localhost", "library/debian",
          "localhost/library/debian:latest", "localhost/library/debian:latest"),
    valid("localhost", "docker.io", "library/localhost",
          "docker.io/library/localhost:latest", "localhost:latest"),
    valid("localhost:5000", "docker.io", "library/localhost", tag: "5000",
          "docker.io/library/localhost:5000", "localhost:5000"),
    valid("example.com:5000", "docker.io", "library/example.com", tag: "5000",
          "docker.io/library/example.com:5000", "example.com:5000"),
    // IPv4 and IPv6 registries.
    valid("127.0.0.1:5000/demo/app:1", "127.0.0.1:5000", "demo/app", tag: "1",
          "127.0.0.1:5000/demo/app:1", "127.0.0.1:5000/demo/app:1"),
    valid("192.168.0.1", "docker.io", "library/192.168.0.1",
          "docker.io/library/192.168.0.1:latest", "192.168.0.1:latest"),
    valid("192.168.0.1:80", "docker.io", "library/192.168.0.1", tag: "80",
          "docker.io/library/192.168.0.1:80", "192.168.0.1:80"),
    valid("192.168.0.1:8/debian", "192.168.0.1:8", "debian",
          "192.168.0.1:8/debian:latest", "192.168.0.1:8/debian:latest"),
    valid("0.0.0.0:0/a", "0.0.0.0:0", "a", "0.0.0.0:0/a:latest", "0.0.0.0:0/a:latest"),
    valid("[::1]:5000/app", "[::1]:5000", "app", "[::1]:5000/app:latest", "[::1]:5000/app:latest"),
    valid("[::1]/app", "[::1]", "app", "[::1]/app:latest", "[::1]/app:latest"),
    valid("[2001:db8::1]:5000/library/debian", "[2001:db8::1]:5000", "library/debian",
          "[2001:db8::1]:5000/library/debian:latest", "[2001:db8::1]:5000/library/debian:latest"),
    valid("[fc00::1]:5000/docker/docker:v1", "[fc00::1]:5000", "docker/docker", tag: "v1",
          "[fc00::1]:5000/docker/docker:v1", "[fc00::1]:5000/docker/docker:v1"),
    valid("[FC00::ABCD]/app", "[FC00::ABCD]", "app", "[FC00::ABCD]/app:latest", "[FC00::ABCD]/app:latest"),
    valid("[:]:1/a", "[:]:1", "a", "[:]:1/a:latest", "[:]:1/a:latest"),
    // Named registries; uppercase is allowed in the domain and kept as written.
    valid("Foo/bar", "Foo", "bar", "Foo/bar:latest", "Foo/bar:latest"),
    valid("Example.com/app", "Example.com", "app", "Example.com/app:latest", "Example.com/app:latest"),
    valid("sub.Example.COM/app", "sub.Example.COM", "app",
          "sub.Example.COM/app:latest", "sub.Example.COM/app:latest"),
    valid("EXAMPLE.COM:443/team/app:v1", "EXAMPLE.COM:443", "team/app", tag: "v1",
          "EXAMPLE.COM:443/team/app:v1", "EXAMPLE.COM:443/team/app:v1"),
    valid("Docker.io/nginx", "Docker.io", "nginx", "Docker.io/nginx:latest", "Docker.io/nginx:latest"),
    valid("foo:5000/bar", "foo:5000", "bar", "foo:5000/bar:latest", "foo:5000/bar:latest"),
    valid("registry.example.com/team/app:v1.2.3", "registry.example.com", "team/app", tag: "v1.2.3",
          "registry.example.com/team/app:v1.2.3", "registry.example.com/team/app:v1.2.3"),
    valid("registry-1.docker.io/library/nginx", "registry-1.docker.io", "library/nginx",
          "registry-1.docker.io/library/nginx:latest", "registry-1.docker.io/library/nginx:latest"),
    valid("a.b.c.d/e", "a.b.c.d", "e", "a.b.c.d/e:latest", "a.b.c.d/e:latest"),
    valid("xn--bcher-kva.example/app", "xn--bcher-kva.example", "app",
          "xn--bcher-kva.example/app:latest", "xn--bcher-kva.example/app:latest"),
    valid("k8s.gcr.io/pause:3.9", "k8s.gcr.io", "pause", tag: "3.9",
          "k8s.gcr.io/pause:3.9", "k8s.gcr.io/pause:3.9"),
    valid("quay.io/coreos/etcd:v3.4.0", "quay.io", "coreos/etcd", tag: "v3.4.0",
          "quay.io/coreos/etcd:v3.4.0", "quay.io/coreos/etcd:v3.4.0"),
    valid("mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com", "dotnet/sdk", tag: "8.0",
          "mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com/dotnet/sdk:8.0"),
    // A first component with a dot that is not a host name is, as in Docker, all path.
    valid("foo_bar.com/app", "", "foo_bar.com/app", "foo_bar.com/app:latest", "foo_bar.com/app:latest"),
    // Path component separators.
    valid("foo__bar", "docker.io", "library/foo__bar",
          "docker.io/library/foo__bar:latest", "foo__bar:latest"),
    valid("foo_bar", "docker.io", "library/foo_bar", "docker.io/library/foo_bar:latest", "foo_bar:latest"),
    valid("foo.bar", "docker.io", "library/foo.bar", "docker.io/library/foo.bar:latest", "foo.bar:latest"),
    valid("foo-bar", "docker.io", "library/foo-bar", "docker.io/library/foo-bar:latest", "foo-bar:latest"),
    valid("foo---bar", "docker.io", "library/foo---bar",
          "docker.io/library/foo---bar:latest", "foo---bar:latest"),
    valid("a0.b_c__d-e--f", "docker.io", "library/a0.b_c__d-e--f",
          "docker.io/library/a0.b_c__d-e--f:latest", "a0.b_c__d-e--f:latest"),
    valid("a", "docker.io", "library/a", "docker.io/library/a:latest", "a:latest"),
    valid("0", "docker.io", "library/0", "docker.io/library/0:latest", "0:latest"),
    // Tags.
    valid("nginx:Latest", "docker.io", "library/nginx", tag: "Latest",
          "docker.io/library/nginx:Latest", "nginx:Latest"),
    valid("nginx:_x", "docker.io", "library/nginx", tag: "_x", "docker.io/library/nginx:_x", "nginx:_x"),
    valid("nginx:1.0-rc.1_b", "docker.io", "library/nginx", tag: "1.0-rc.1_b",
          "docker.io/library/nginx:1.0-rc.1_b", "nginx:1.0-rc.1_b"),
    valid("nginx:" + tag128, "docker.io", "library/nginx", tag: tag128,
          "docker.io/library/nginx:" + tag128, "nginx:" + tag128),
    // Digests, alone and with a tag.
    valid("nginx@" + sha256, "docker.io", "library/nginx", digest: sha256,
          "docker.io/library/nginx@" + sha256, "nginx@" + sha256),
    valid("nginx:1.25@" + sha256, "docker.io", "library/nginx", tag: "1.25", digest: sha256,
          "docker.io/library/nginx:1.25@" + sha256, "nginx:1.25@" + sha256),
    valid("docker.io/library/nginx:1.25@" + sha256, "docker.io", "library/nginx", tag: "1.25",
          digest: sha256, "docker.io/library/nginx:1.25@" + sha256, "nginx:1.25@" + sha256),
    valid("127.0.0.1:5000/demo/app@sha384:" + hex96, "127.0.0.1:5000", "demo/app",
          digest: "sha384:" + hex96, "127.0.0.1:5000/demo/app@sha384:" + hex96,
          "127.0.0.1:5000/demo/app@sha384:" + hex96),
    valid("localhost/app@sha512:" + hex128, "localhost", "app", digest: "sha512:" + hex128,
          "localhost/app@sha512:" + hex128, "localhost/app@sha512:" + hex128),
    valid("ghcr.io/owner/repo:main@" + sha256, "ghcr.io", "owner/repo", tag: "main", digest: sha256,
          "ghcr.io/owner/repo:main@" + sha256, "ghcr.io/owner/repo:main@" + sha256),
    valid("user/app@" + sha256, "docker.io", "user/app", digest: sha256,
          "docker.io/user/app@" + sha256, "user/app@" + sha256),
    valid("[::1]:5000/app:1@" + sha256, "[::1]:5000", "app", tag: "1", digest: sha256,
          "[::1]:5000/app:1@" + sha256, "[::1]:5000/app:1@" + sha256),
    // Hexadecimal names that are not image IDs.
    valid(hex64 + "a", "docker.io", "library/" + hex64 + "a",
          "docker.io/library/" + hex64 + "a:latest", hex64 + "a:latest"),
    valid(hex64 + ":tag", "docker.io", "library/" + hex64, tag: "tag",
          "docker.io/library/" + hex64 + ":tag", hex64 + ":tag"),
    valid("library/" + hex64, "docker.io", "library/" + hex64,
          "docker.io/library/" + hex64 + ":latest", hex64 + ":latest"),
    // Names of exactly 255 characters once qualified.
    valid(longestFamiliar, "docker.io", "library/" + longestFamiliar,
          "docker.io/library/" + longestFamiliar + ":latest", longestFamiliar + ":latest"),
    valid("example.com/" + longestOnDomain + ":" + tag128, "example.com", longestOnDomain, tag: tag128,
          "example.com/" + longestOnDomain + ":" + tag128,
          "example.com/" + longestOnDomain + ":" + tag128),
]

private let invalidReferences: [InvalidReference] = [
    invalid("", invalidFormat),
    // Uppercase where only lowercase is allowed.
    invalid("foo/Bar", remoteNotLowercase("foo/Bar")),
    invalid("Foo", remoteNotLowercase("library/Foo")),
    invalid("Nginx", remoteNotLowercase("library/Nginx")),
    invalid("Nginx:1.25", remoteNotLowercase("library/Nginx")),
    invalid("library/Nginx", remoteNotLowercase("library/Nginx")),
    invalid("docker.io/library/Nginx:1", remoteNotLowercase("library/Nginx")),
    invalid("docker/Docker", remoteNotLowercase("docker/Docker")),
    invalid("localhost:5000/App:1", remoteNotLowercase("App")),
    invalid("Foo/Bar", remoteNotLowercase("Bar")),
    invalid("Example.com/App", remoteNotLowercase("App")),
    invalid("Ñginx", remoteNotLowercase("library/Ñginx")),
    invalid("ОБРАЗ", remoteNotLowercase("library/ОБРАЗ")),
    invalid("nginx@SHA256:" + hex64, remoteNotLowercase("library/nginx@SHA256")),
    invalid("Foo_x/bar", mustBeLowercase),
    invalid("\u{212A}.com/app", mustBeLowercase),
    invalid("\u{130}.com/app", mustBeLowercase),
    // Image IDs.
    invalid(hex64, "invalid repository name (\(hex64)), cannot specify 64-byte hexadecimal strings"),
    // Lengths.
    invalid(longestFamiliar + "a", tooLong),
    invalid("example.com/" + longestOnDomain + "b", tooLong),
    invalid(String(repeating: "x", count: 256), tooLong),
    invalid("a/" + String(repeating: "a", count: 255), tooLong),
    invalid("nginx:" + tag128 + "1", invalidFormat),
    // Digests.
    invalid("nginx@sha256:" + hex64.dropLast(), digestLength),
    invalid("nginx@sha256:" + hex64 + "0", digestLength),
    invalid("nginx@sha512:" + hex64, digestLength),
    invalid("nginx@sha384:" + hex128, digestLength),
    invalid("nginx@sha256:" + hex64.uppercased(), digestFormat),
    invalid("nginx:1@SHA256:" + hex64, digestFormat),
    invalid("nginx@md5:" + String(hex64.prefix(32)), digestUnsupported),
    invalid("nginx@sha256+b64:" + hex64, digestUnsupported),
    invalid("nginx@sha256:" + hex64.prefix(31), invalidFormat),
    invalid("nginx@sha256:" + String(repeating: "g", count: 64), invalidFormat),
    invalid("nginx@sha256", invalidFormat),
    invalid("nginx@", invalidFormat),
    invalid("nginx@:" + hex64, invalidFormat),
    invalid("nginx@" + sha256 + "@" + sha256, invalidFormat),
    invalid("@" + sha256, invalidFormat),
    // Tags.
    invalid("a:b:c", invalidFormat),
    invalid("nginx:1.25:2", invalidFormat),
    invalid("nginx:", invalidFormat),
    invalid("nginx:tag@", invalidFormat),
    invalid("nginx:-tag", invalidFormat),
    invalid("nginx:.tag", invalidFormat),
    invalid("nginx:ta/g", invalidFormat),
    invalid(":tag", invalidFormat),
    invalid(":", invalidFormat),
    // Path components.
    invalid("-foo", invalidFormat),
    invalid("foo-", invalidFormat),
    invalid("-foo/bar", invalidFormat),
    invalid("foo/-bar", invalidFormat),
    invalid("foo___bar", invalidFormat),
    invalid("foo..bar", invalidFormat),
    invalid("foo._bar", invalidFormat),
    invalid("foo_-bar", invalidFormat),
    invalid(".foo", invalidFormat),
    invalid("_foo", invalidFormat),
    // Slashes.
    invalid("foo/", invalidFormat),
    invalid("/foo", invalidFormat),
    invalid("/", invalidFormat),
    invalid("//", invalidFormat),
    invalid("foo//bar", invalidFormat),
    invalid("docker///docker", invalidFormat),
    invalid("docker.io/library//nginx", invalidFormat),
    invalid("https://github.com/docker/docker", invalidFormat),
    // Domains and ports.
    invalid("[fe80::1%eth0]:5000/app", invalidFormat),
    invalid("[fe80::1%@invalidzone]:5000/docker", invalidFormat),
    invalid("[]:5000/app", invalidFormat),
    invalid("[::1/app", invalidFormat),
    invalid("[::1]x/app", invalidFormat),
    invalid("[::1]", invalidFormat),
    invalid("[::g]/app", invalidFormat),
    invalid("-example.com/app", invalidFormat),
    invalid("example-.com/app", invalidFormat),
    invalid("example..com/app", invalidFormat),
    invalid(".example.com/app", invalidFormat),
    invalid("example.com:/app", invalidFormat),
    invalid("example.com:port/app", invalidFormat),
    invalid("example.com:5000:6000/app", invalidFormat),
    // Whitespace, control characters and non-ASCII text.
    invalid("nginx ", invalidFormat),
    invalid(" nginx", invalidFormat),
    invalid("ngi nx", invalidFormat),
    invalid("nginx:1 ", invalidFormat),
    invalid("nginx\n", invalidFormat),
    invalid("nginx\u{0}", invalidFormat),
    invalid("ñginx", invalidFormat),
    invalid("nginx:тег", invalidFormat),
    invalid("образ", invalidFormat),
    invalid("🐳", invalidFormat),
    invalid("e\u{301}", invalidFormat),
]

@Suite("ImageReference")
struct ImageReferenceTests {
    @Test("the tables are large enough to mean something")
    func tableSizes() {
        #expect(validReferences.count + invalidReferences.count >= 80)
    }

    @Test("valid references parse into their parts", arguments: validReferences)
    func parsesValidReference(_ row: ValidReference) throws {
        let reference = try ImageReference.parse(row.input)
        #expect(reference.domain == row.domain)
        #expect(reference.path == row.path)
        #expect(reference.tag == row.tag)
        #expect(reference.digest == row.digest)
        #expect(reference.normalized == row.normalized)
        #expect(reference.familiar == row.familiar)
        #expect(reference.description == row.normalized)
        #expect(reference.name == (row.domain.isEmpty ? row.path : row.domain + "/" + row.path))
        #expect(reference.name.utf8.count <= ImageReference.nameLengthLimit)
    }

    @Test("valid references survive a round trip through their normalised form", arguments: validReferences)
    func roundTripsThroughNormalized(_ row: ValidReference) throws {
        let reference = try ImageReference.parse(row.input)
        let again = try ImageReference.parse(reference.normalized)
        #expect(again.normalized == reference.normalized)
        #expect(again.name == reference.name)
        #expect(again.tag == reference.effectiveTag)
        #expect(again.digest == reference.digest)
    }

    @Test("invalid references are rejected with Docker's reason", arguments: invalidReferences)
    func rejectsInvalidReference(_ row: InvalidReference) {
        let error = #expect(throws: ImageReferenceError.self) {
            try ImageReference.parse(row.input)
        }
        #expect(error?.reason == row.reason)
        #expect(error?.description == row.reason)
    }

    @Test("familiar names drop docker.io and library/ only where Docker does")
    func familiarNames() throws {
        #expect(try ImageReference.parse("docker.io/library/nginx:1").familiarName == "nginx")
        #expect(try ImageReference.parse("docker.io/user/app").familiarName == "user/app")
        #expect(try ImageReference.parse("library/a/b").familiarName == "library/a/b")
        #expect(try ImageReference.parse("127.0.0.1:5000/demo/app").familiarName == "127.0.0.1:5000/demo/app")
        #expect(try ImageReference.parse("localhost/library/app").familiarName == "localhost/library/app")
    }

    @Test("a familiar name keeps docker.io when its first component would be read as a registry")
    func familiarNameThatLooksLikeARegistry() throws {
        // Found by `make fuzz`: the familiar form `lidocker.ioirary/nginx:latest` named an image
        // on the registry `lidocker.ioirary`.
        let reference = try ImageReference.parse("docker.io/lidocker.ioirary/nginx:latest")
        #expect(reference.domain == "docker.io")
        #expect(reference.path == "lidocker.ioirary/nginx")
        #expect(reference.familiar == "docker.io/lidocker.ioirary/nginx:latest")
        #expect(try ImageReference.parse(reference.familiar) == reference)
        #expect(try ImageReference.parse("docker.io/localhost/app").familiarName == "docker.io/localhost/app")
        #expect(try ImageReference.parse("docker.io/library/foo.bar").familiarName == "foo.bar")
        #expect(try ImageReference.parse("docker.io/foo_bar/app").familiarName == "foo_bar/app")
    }

    @Test("the effective tag defaults to latest only without a digest")
    func effectiveTag() throws {
        #expect(try ImageReference.parse("nginx").effectiveTag == "latest")
        #expect(try ImageReference.parse("nginx").tag == nil)
        #expect(try ImageReference.parse("nginx:1.25").effectiveTag == "1.25")
        #expect(try ImageReference.parse("nginx@" + sha256).effectiveTag == nil)
        #expect(try ImageReference.parse("nginx:1.25@" + sha256).effectiveTag == "1.25")
    }

    @Test("pull parameters carry the qualified name and the digest, else the tag")
    func pullParameters() throws {
        let plain = try ImageReference.parse("nginx").pullParameters
        #expect(plain.fromImage == "docker.io/library/nginx")
        #expect(plain.tag == "latest")

        let tagged = try ImageReference.parse("127.0.0.1:5000/demo/app:1").pullParameters
        #expect(tagged.fromImage == "127.0.0.1:5000/demo/app")
        #expect(tagged.tag == "1")

        let digested = try ImageReference.parse("user/app@" + sha256).pullParameters
        #expect(digested.fromImage == "docker.io/user/app")
        #expect(digested.tag == sha256)

        let both = try ImageReference.parse("nginx:1.25@" + sha256).pullParameters
        #expect(both.fromImage == "docker.io/library/nginx")
        #expect(both.tag == sha256)
    }

    @Test("equal references are the same image written the same way")
    func equality() throws {
        let short = try ImageReference.parse("nginx")
        #expect(short == (try ImageReference.parse("docker.io/library/nginx")))
        #expect(short == (try ImageReference.parse("index.docker.io/nginx")))
        #expect(short != (try ImageReference.parse("nginx:latest")))
        #expect(short != (try ImageReference.parse("localhost/nginx")))
        let set: Set = [short, try ImageReference.parse("library/nginx"), try ImageReference.parse("nginx:1")]
        #expect(set.count == 2)
    }

    @Test("parsing never traps and every accepted reference is consistent")
    func neverTraps() throws {
        var generator = SplitMix64(seed: 0x5EED_1A6E_4EF0_0001)
        let seeds = validReferences.map(\.input) + invalidReferences.map(\.input)
        var accepted = 0
        var rejected = 0
        for round in 0..<10_000 {
            let input: String
            if round.isMultiple(of: 2) {
                input = randomText(using: &generator)
            } else {
                input = mutate(seeds.randomElement(using: &generator) ?? "", using: &generator)
            }
            let reference: ImageReference
            do {
                reference = try ImageReference.parse(input)
            } catch {
                rejected += 1
                #expect(isKnownReason(error.reason), "\(input.debugDescription): \(error.reason)")
                continue
            }
            accepted += 1
            let isASCII = input.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(isASCII, "\(input.debugDescription)")
            #expect(reference.name.utf8.count <= ImageReference.nameLengthLimit)
            #expect(!reference.path.isEmpty)
            #expect(reference.tag != nil || reference.digest != nil || reference.effectiveTag == "latest")
            let again = try ImageReference.parse(reference.normalized)
            #expect(again.normalized == reference.normalized, "\(input.debugDescription)")
            #expect(again.domain == reference.domain && again.path == reference.path)
        }
        #expect(accepted > 500)
        #expect(rejected > 500)
    }
}

// MARK: - Random inputs

/// A small deterministic generator, so a failing input can be reproduced.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let pieces: [String] = [
    "a", "b", "z", "0", "9", "f", "A", "Z", "F", ".", "_", "__", "-", "--", "/", "//", ":", "@",
    "[", "]", "::1", "%", " ", "\t", "\n", "\u{0}", "\u{212A}", "\u{130}", "ñ", "Ñ", "e\u{301}",
    "🐳", "localhost", "docker.io", "index.docker.io", "library/", "example.com", ":5000",
    "sha256:", "sha512:", "md5:", hex64, String(hex64.prefix(32)), "latest", "1.25",
]

private func randomText(using generator: inout SplitMix64) -> String {
    let count = Int.random(in: 0...24, using: &generator)
    var text = ""
    for _ in 0..<count {
        text += pieces.randomElement(using: &generator) ?? ""
    }
    if Int.random(in: 0..<20, using: &generator) == 0 {
        text += String(repeating: "a", count: Int.random(in: 200...300, using: &generator))
    }
    return text
}

private func mutate(_ seed: String, using generator: inout SplitMix64) -> String {
    var scalars = Array(seed.unicodeScalars)
    for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let position = scalars.isEmpty ? 0 : Int.random(in: 0...scalars.count, using: &generator)
        let piece = Array((pieces.randomElement(using: &generator) ?? "").unicodeScalars)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            scalars.insert(contentsOf: piece, at: position)
        case 1 where position < scalars.count:
            scalars.remove(at: position)
        case 2 where position < scalars.count:
            scalars.replaceSubrange(position...position, with: piece)
        case 3:
            scalars.removeSubrange(position...)
        default:
            scalars.append(contentsOf: scalars[position...])
        }
    }
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars)
    return text
}

private func isKnownReason(_ reason: String) -> Bool {
    [invalidFormat, mustBeLowercase, tooLong, digestFormat, digestLength, digestUnsupported].contains(reason)
        || (reason.hasPrefix("invalid repository name (")
            && reason.hasSuffix("), cannot specify 64-byte hexadecimal strings"))
        || (reason.hasPrefix("invalid reference format: repository name (")
            && reason.hasSuffix(") must be lowercase"))
}

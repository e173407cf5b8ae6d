import Docker
import Foundation
import Testing
import TestSupport

struct DockerHostTests {
    @Test func defaultsToTheStandardSocket() throws {
        let host = try DockerHost.resolve(flag: nil, environment: [:])
        #expect(host.address == .unix(path: "/var/run/docker.sock"))
        #expect(host.description == "unix:///var/run/docker.sock")
        #expect(try DockerHost(parsing: "unix://").address == .unix(path: "/var/run/docker.sock"))
    }

    @Test func flagWinsOverEnvironment() throws {
        let env = ["DOCKER_HOST": "tcp://10.0.0.1:2375"]
        #expect(try DockerHost.resolve(flag: "unix:///run/d.sock", environment: env).address == .unix(path: "/run/d.sock"))
        #expect(try DockerHost.resolve(flag: nil, environment: env).address == .tcp(host: "10.0.0.1", port: 2375))
        #expect(try DockerHost.resolve(flag: "", environment: env).address == .tcp(host: "10.0.0.1", port: 2375))
    }

    @Test(arguments: [
        ("tcp://127.0.0.1:2375", DockerHost.Address.tcp(host: "127.0.0.1", port: 2375), "tcp://127.0.0.1:2375"),
        ("tcp://docker.example:4243/", .tcp(host: "docker.example", port: 4243), "tcp://docker.example:4243"),
        ("tcp://build-host", .tcp(host: "build-host", port: 2375), "tcp://build-host:2375"),
        ("tcp://:2375", .tcp(host: "127.0.0.1", port: 2375), "tcp://127.0.0.1:2375"),
        ("tcp://[::1]:2376", .tcp(host: "::1", port: 2376), "tcp://[::1]:2376"),
        ("TCP://h:1", .tcp(host: "h", port: 1), "tcp://h:1"),
        ("unix:///tmp/x y/docker.sock", .unix(path: "/tmp/x y/docker.sock"), "unix:///tmp/x y/docker.sock"),
    ])
    func parsesGoodValues(value: String, address: DockerHost.Address, description: String) throws {
        let host = try DockerHost(parsing: value)
        #expect(host.address == address)
        #expect(host.description == description)
    }

    @Test(arguments: [
        ("/var/run/docker.sock", "missing scheme"),
        ("unix://var/run/docker.sock", "the socket path must be absolute"),
        ("unix:///" + String(repeating: "a", count: 120), "the socket path is longer than the 107 bytes a unix socket allows"),
        ("tcp://host:99999", "port \"99999\" is not a number from 1 to 65535"),
        ("tcp://host:abc", "port \"abc\" is not a number from 1 to 65535"),
        ("tcp://host:2375/v1.41", "a tcp host cannot have a path (/v1.41)"),
        ("tcp://::1:2375", "IPv6 addresses need brackets, e.g. tcp://[::1]:2375"),
        ("tcp://[::1", "unterminated IPv6 address"),
        ("tcp://bad host:1", "\"bad host\" is not a host name or IP address"),
        ("ssh://user@host", "ssh:// hosts are not supported"),
        ("http://127.0.0.1:2375", "unsupported scheme \"http\""),
    ])
    func rejectsBadValuesSayingWhy(value: String, reason: String) {
        #expect(throws: DockerError.invalidHost(value: value, reason: reason)) {
            try DockerHost(parsing: value)
        }
    }

    @Test func badValueMessageSaysWhatToUse() {
        let error = DockerError.invalidHost(value: "docker.sock", reason: "missing scheme")
        #expect(error.description == "invalid Docker host \"docker.sock\": missing scheme (use unix:///path/to/docker.sock or tcp://host:port)")
    }

    @Test func tlsVerifyUsesTheCertPathAndTheTLSPort() throws {
        let dir = try TempDirectory.make(prefix: "docker-certs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["ca.pem", "cert.pem", "key.pem"] {
            _ = FileManager.default.createFile(atPath: "\(dir)/\(name)", contents: Data("x".utf8))
        }
        let env = ["DOCKER_HOST": "tcp://127.0.0.1", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": dir]
        let host = try DockerHost.resolve(flag: nil, environment: env)
        #expect(host.address == .tcp(host: "127.0.0.1", port: 2376))
        #expect(host.tls == DockerTLSFiles(caCertificate: "\(dir)/ca.pem", certificate: "\(dir)/cert.pem", privateKey: "\(dir)/key.pem"))
        // Unix sockets ignore TLS settings.
        #expect(try DockerHost.resolve(flag: "unix:///run/d.sock", environment: env).tls == nil)
        // Without DOCKER_TLS_VERIFY: plain TCP on 2375.
        #expect(try DockerHost.resolve(flag: "tcp://127.0.0.1", environment: ["DOCKER_CERT_PATH": dir]) ==
            DockerHost(address: .tcp(host: "127.0.0.1", port: 2375)))
    }

    @Test func tlsVerifyDefaultsToHomeDotDocker() throws {
        let home = try TempDirectory.make(prefix: "home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: "\(home)/.docker", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(home)/.docker/ca.pem", contents: Data("x".utf8))
        let host = try DockerHost.resolve(flag: "tcp://h:1", environment: ["DOCKER_TLS_VERIFY": "1", "HOME": home])
        #expect(host.tls == DockerTLSFiles(caCertificate: "\(home)/.docker/ca.pem"))
    }

    @Test func missingTLSFilesAreClearErrors() throws {
        let dir = try TempDirectory.make(prefix: "docker-certs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": dir]
        #expect(throws: DockerError.invalidTLS(
            "DOCKER_TLS_VERIFY is set but \(dir)/ca.pem is missing or unreadable (set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem)")) {
            try DockerHost.resolve(flag: "tcp://h:1", environment: env)
        }
        _ = FileManager.default.createFile(atPath: "\(dir)/ca.pem", contents: Data("x".utf8))
        _ = FileManager.default.createFile(atPath: "\(dir)/cert.pem", contents: Data("x".utf8))
        #expect(throws: DockerError.invalidTLS("\(dir)/cert.pem exists but its key \(dir)/key.pem is missing or unreadable")) {
            try DockerHost.resolve(flag: "tcp://h:1", environment: env)
        }
    }

    @Test func unreadablePEMFilesFailWhenTheClientIsMade() throws {
        let dir = try TempDirectory.make(prefix: "docker-certs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: "\(dir)/ca.pem", contents: Data("not a certificate".utf8))
        let host = DockerHost(address: .tcp(host: "127.0.0.1", port: 2376), tls: DockerTLSFiles(caCertificate: "\(dir)/ca.pem"))
        let error = #expect(throws: DockerError.self) { try DockerClient(host: host) }
        #expect(error?.description.hasPrefix("Docker TLS settings: cannot read the CA certificate \(dir)/ca.pem") == true)
    }
}

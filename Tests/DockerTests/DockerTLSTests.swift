import Docker
import Foundation
import Testing
import TestSupport

/// A daemon listening on 127.0.0.1 with TLS and client-certificate verification.
struct DockerTLSTests {
    @Test func tlsVerifyReachesARealDaemonWithTheCertPathFiles() async throws {
        let ca = try await CertificateAuthority.make(name: "docker")
        defer { try? FileManager.default.removeItem(atPath: ca.directory) }
        let server = try await ca.issue("dockerd")
        let clientCert = try await ca.issue("client")
        let daemon = try await DockerDaemon.start(tls: .init(caCertificate: ca.caCert, certificate: server.cert, privateKey: server.key))
        defer { daemon.stop() }
        let port = try #require(daemon.tlsPort)
        let certPath = try TempDirectory.make(prefix: "docker-certs")
        defer { try? FileManager.default.removeItem(atPath: certPath) }
        let fm = FileManager.default
        try fm.copyItem(atPath: ca.caCert, toPath: "\(certPath)/ca.pem")
        try fm.copyItem(atPath: clientCert.cert, toPath: "\(certPath)/cert.pem")
        try fm.copyItem(atPath: clientCert.key, toPath: "\(certPath)/key.pem")

        let host = try DockerHost.resolve(flag: "tcp://127.0.0.1:\(port)",
                                          environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certPath])
        let client = try DockerClient(host: host)
        let pinged = try await client.ping()
        #expect(pinged == "1.41")
        #expect(try await client.version().apiVersion == "1.41")
        try await client.shutdown()

        // Without a client certificate the daemon refuses the connection.
        let anonymous = try DockerClient(host: DockerHost(address: .tcp(host: "127.0.0.1", port: port),
                                                          tls: DockerTLSFiles(caCertificate: "\(certPath)/ca.pem")))
        let error = await #expect(throws: DockerError.self) { try await anonymous.ping() }
        try await anonymous.shutdown()
        guard case .cannotConnect(let address, _)? = error else {
            Issue.record("expected cannotConnect, got \(String(describing: error))")
            return
        }
        #expect(address == "tcp://127.0.0.1:\(port)")
    }
}

import Foundation
import NIOSSL

/// The PEM files for a TLS connection to the daemon (`ca.pem`, `cert.pem`, `key.pem`).
public struct DockerTLSFiles: Sendable, Equatable {
    /// The CA certificate that signs the daemon's certificate.
    public var caCertificate: String
    /// The client certificate, when the daemon asks for one.
    public var certificate: String?
    /// The client certificate's private key.
    public var privateKey: String?

    /// Creates TLS settings from file paths.
    public init(caCertificate: String, certificate: String? = nil, privateKey: String? = nil) {
        self.caCertificate = caCertificate
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Reads the files from `DOCKER_CERT_PATH` (default `$HOME/.docker`), checking they exist.
    public static func fromCertPath(environment: [String: String]) throws(DockerError) -> DockerTLSFiles {
        let directory: String
        if let path = environment["DOCKER_CERT_PATH"], !path.isEmpty {
            directory = path
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            directory = home + "/.docker"
        }
        let fm = FileManager.default
        let ca = directory + "/ca.pem", cert = directory + "/cert.pem", key = directory + "/key.pem"
        guard fm.isReadableFile(atPath: ca) else {
            throw .invalidTLS("DOCKER_TLS_VERIFY is set but \(ca) is missing or unreadable (set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem)")
        }
        let hasCert = fm.isReadableFile(atPath: cert), hasKey = fm.isReadableFile(atPath: key)
        switch (hasCert, hasKey) {
        case (true, true): return DockerTLSFiles(caCertificate: ca, certificate: cert, privateKey: key)
        case (false, false): return DockerTLSFiles(caCertificate: ca)
        case (true, false): throw .invalidTLS("\(cert) exists but its key \(key) is missing or unreadable")
        case (false, true): throw .invalidTLS("\(key) exists but its certificate \(cert) is missing or unreadable")
        }
    }

    /// A client TLS configuration that verifies the daemon against `caCertificate`.
    func makeConfiguration() throws(DockerError) -> TLSConfiguration {
        var config = TLSConfiguration.makeClientConfiguration()
        config.certificateVerification = .fullVerification
        do {
            config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificate))
        } catch {
            throw .invalidTLS("cannot read the CA certificate \(caCertificate): \(error)")
        }
        if let certificate, let privateKey {
            do {
                config.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            } catch {
                throw .invalidTLS("cannot read the client certificate \(certificate): \(error)")
            }
            do {
                config.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
            } catch {
                throw .invalidTLS("cannot read the client key \(privateKey): \(error)")
            }
        }
        return config
    }
}

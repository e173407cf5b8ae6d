import Foundation

/// A throwaway certificate authority made with `openssl`, for TLS tests.
public struct CertificateAuthority: Sendable {
    /// Directory holding every file.
    public let directory: String
    /// The CA certificate (PEM).
    public var caCert: String { "\(directory)/\(name)-ca.pem" }
    /// The CA key (PEM).
    public var caKey: String { "\(directory)/\(name)-ca-key.pem" }
    let name: String

    /// Creates a new CA called `name` in a fresh directory (or in `directory`).
    public static func make(name: String = "test", directory: String? = nil) async throws -> CertificateAuthority {
        let dir = try directory ?? TempDirectory.make(prefix: "pki")
        let ca = CertificateAuthority(directory: dir, name: name)
        try await ca.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca.caKey, "-out", ca.caCert,
                        "-days", "2", "-subj", "/CN=\(name) test CA",
                        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        return ca
    }

    /// Issues a certificate for 127.0.0.1/localhost (server and client use). `expired` makes one
    /// whose validity ended yesterday. Returns (cert, key) paths.
    public func issue(_ commonName: String, expired: Bool = false) async throws -> (cert: String, key: String) {
        let key = "\(directory)/\(commonName)-key.pem"
        let csr = "\(directory)/\(commonName).csr"
        let cert = "\(directory)/\(commonName).pem"
        let ext = "\(directory)/\(commonName).ext"
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n"
            .write(toFile: ext, atomically: true, encoding: .utf8)
        try await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=\(commonName)"])
        if expired {
            // A validity window entirely in the past: only `openssl ca` takes explicit dates.
            let db = "\(directory)/ca-db"
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: "\(db)/index.txt", contents: Data())
            try "01\n".write(toFile: "\(db)/serial", atomically: true, encoding: .utf8)
            let cnf = "\(db)/ca.cnf"
            try """
                [ca]
                default_ca = local
                [local]
                database = \(db)/index.txt
                new_certs_dir = \(db)
                serial = \(db)/serial
                default_md = sha256
                policy = any
                [any]
                commonName = supplied
                """.write(toFile: cnf, atomically: true, encoding: .utf8)
            try await openssl(["ca", "-batch", "-notext", "-config", cnf, "-cert", caCert, "-keyfile", caKey, "-in", csr,
                         "-out", cert, "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-extfile", ext])
        } else {
            try await openssl(["x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial", "-out", cert,
                         "-days", "2", "-extfile", ext])
        }
        return (cert, key)
    }

    private func openssl(_ args: [String]) async throws {
        let r = try await ProcessRunner.run("openssl", args, timeout: .seconds(60))
        guard r.status == 0 else { throw TestSupportError("openssl \(args.prefix(2).joined(separator: " ")) failed: \(r.stderr)") }
    }
}

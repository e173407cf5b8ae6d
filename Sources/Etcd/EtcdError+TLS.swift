import Foundation
import NIOSSL

extension EtcdError {
    /// A failed TLS handshake said in an operator's words.
    ///
    /// A server that refuses an expired (or not yet valid) client certificate only sends a
    /// "bad certificate" alert; the client's own certificate tells why, so it is named with its
    /// dates. Otherwise the transport's text stays, minus the TLS library's source locations.
    static func explainingTLS(_ error: EtcdError, tls: EtcdTLS?, now: Date = Date()) -> EtcdError {
        guard error.kind == .tls else { return error }
        var e = error
        e.message = e.message.replacingOccurrences(of: #" at /[^\]\)]*:[0-9]+"#, with: "", options: .regularExpression)
        if e.message.contains("CERTIFICATE_VERIFY_FAILED") {
            let trusted = tls?.caFile.map { "the CA in \($0) (--cacert)" } ?? "the system's CAs (no --cacert given)"
            e.message = "TLS handshake failed: the server's certificate is not signed by \(trusted)"
            e.hint = "give the CA that signed the etcd server certificates with --cacert; --insecure-skip-tls-verify skips the check (dangerous)"
            return e
        }
        if e.message.range(of: "hostname", options: .caseInsensitive) != nil {
            e.message = "TLS handshake failed: the server's certificate does not name \(e.endpoint?.host ?? "this endpoint")"
            e.hint = "connect with a name or address the certificate lists (its subject alternative names), or reissue it"
            return e
        }
        guard let file = tls?.certFile, let certificate = try? NIOSSLCertificate.fromPEMFile(file).first else { return e }
        let notBefore = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        let notAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        if now > notAfter {
            e.message = "TLS handshake failed: the client certificate \(file) (--cert) expired on \(Self.utc(notAfter))"
            e.hint = "renew the certificate; etcd refuses expired client certificates"
        } else if now < notBefore {
            e.message = "TLS handshake failed: the client certificate \(file) (--cert) is not valid before \(Self.utc(notBefore))"
            e.hint = "check this machine's clock, or use a certificate that is valid now"
        }
        return e
    }

    /// `2020-01-02 00:00:00 UTC`.
    static func utc(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

import Foundation
import Testing
import TestSupport

extension Drills {
    @Test func tlsRefusesAWrongCAAndAnExpiredCertificateReadably() async throws {
        let ca = try await CertificateAuthority.make(name: "drill")
        let server = try await ca.issue("etcd-server")
        let client = try await ca.issue("operator")
        let expired = try await ca.issue("expired-operator", expired: true)
        let other = try await CertificateAuthority.make(name: "other")
        let etcd = try await EtcdServer.start(tls: EtcdServerTLS(certFile: server.cert, keyFile: server.key, clientCAFile: ca.caCert))
        defer { etcd.stop() }
        let tlsFlags = ["--cacert", ca.caCert, "--cert", client.cert, "--key", client.key]
        let ns = "tls"
        let put = try await etcd.etcdctl(["put", "/registry/pods/\(ns)/web", drillPod(ns, "web")], extraFlags: tlsFlags)
        #expect(put.status == 0, "\(put.stderr)")
        let base = ["get", "pods", "-n", ns, "--endpoints", etcd.clientURL, "--timeout", "3s"]

        let good = try await PodDeckBinary.run(base + tlsFlags)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("web"))
        #expect(good.stderr.isEmpty, "\(good.stderr)")

        let wrongCA = try await PodDeckBinary.run(base + ["--cacert", other.caCert, "--cert", client.cert, "--key", client.key])
        #expect(wrongCA.status == 1, "\(wrongCA.stderr)")
        let wrongLine = wrongCA.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(wrongLine.split(separator: "\n").count == 1, "one line: \(wrongCA.stderr)")
        #expect(wrongLine.contains("127.0.0.1:\(etcd.clientPort)"), "\(wrongCA.stderr)")
        #expect(wrongLine.contains("TLS") && wrongLine.lowercased().contains("certificate"), "\(wrongCA.stderr)")
        #expect(wrongLine.contains("not signed by the CA in \(other.caCert)"), "names the CA file: \(wrongCA.stderr)")
        #expect(!wrongLine.contains("BoringSSL") && !wrongLine.contains("error:1000"), "no TLS library internals: \(wrongCA.stderr)")

        let old = try await PodDeckBinary.run(base + ["--cacert", ca.caCert, "--cert", expired.cert, "--key", expired.key])
        #expect(old.status == 1, "\(old.stderr)")
        let oldLine = old.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(oldLine.split(separator: "\n").count == 1, "one line: \(old.stderr)")
        #expect(oldLine.lowercased().contains("expired"), "says the certificate expired: \(old.stderr)")
        #expect(oldLine.contains(expired.cert) || oldLine.contains("127.0.0.1:\(etcd.clientPort)"), "says where: \(old.stderr)")

        // No CA the client trusts: refused unless verification is switched off, which warns.
        let unverified = try await PodDeckBinary.run(base + ["--cert", client.cert, "--key", client.key])
        #expect(unverified.status == 1, "\(unverified.stderr)")
        #expect(unverified.stderr.contains("TLS"), "\(unverified.stderr)")
        let insecure = try await PodDeckBinary.run(base + ["--cert", client.cert, "--key", client.key, "--insecure-skip-tls-verify"])
        #expect(insecure.status == 0, "\(insecure.stderr)")
        #expect(insecure.stdout.contains("web"))
        #expect(insecure.stderr.contains("warning: --insecure-skip-tls-verify"), "\(insecure.stderr)")

        DrillReport.record(
            drill: "TLS end to end",
            injected: "etcd with server + client certificates made by openssl; a CA that did not sign the server, an expired client certificate, no trusted CA",
            held: "get with --cacert/--cert/--key works; wrong CA: exit 1, \"\(detail(wrongLine).prefix(200))\"; expired: exit 1, "
                + "\"\(detail(oldLine).replacingOccurrences(of: expired.cert, with: "<cert>"))\"; untrusted server refused; "
                + "--insecure-skip-tls-verify connects and warns on stderr")
    }

    /// The part of a TLS error line after "TLS handshake failed: ".
    func detail(_ line: String) -> String {
        guard let range = line.range(of: "TLS handshake failed: ") else { return line }
        return String(line[range.upperBound...])
    }
}

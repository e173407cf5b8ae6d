import Etcd
import Foundation
import Testing
import TestSupport

@Suite("etcd TLS and auth", .serialized)
struct EtcdSecurityTests {
    @Test func mutualTLSWithCertificatesMadeByOpenSSL() async throws {
        let ca = try await CertificateAuthority.make(name: "good")
        let server = try await ca.issue("etcd-server")
        let clientCert = try await ca.issue("operator")
        let etcd = try await EtcdServer.start(tls: EtcdServerTLS(certFile: server.cert, keyFile: server.key, clientCAFile: ca.caCert))
        defer { etcd.stop() }

        let good = try client(etcd.clientURL) {
            $0.tls = EtcdTLS(caFile: ca.caCert, certFile: clientCert.cert, keyFile: clientCert.key)
        }
        try await good.put("/tls/k", value: bytes("v"))
        #expect(try await good.get("/tls/k").kv?.value == bytes("v"))
        await good.close()

        // A CA that did not sign the server certificate is refused with a readable message.
        let other = try await CertificateAuthority.make(name: "other")
        let wrongCA = try client(etcd.clientURL) {
            $0.tls = EtcdTLS(caFile: other.caCert, certFile: clientCert.cert, keyFile: clientCert.key)
            $0.requestTimeout = .seconds(3)
        }
        do {
            _ = try await wrongCA.get("/tls/k")
            Issue.record("a wrong CA must be refused")
        } catch {
            #expect(error.kind == .tls)
            #expect(error.description.contains("TLS handshake failed"))
            #expect(error.description.lowercased().contains("certificate"))
        }
        await wrongCA.close()

        // An expired client certificate is refused by the server.
        let expired = try await ca.issue("expired-operator", expired: true)
        let old = try client(etcd.clientURL) {
            $0.tls = EtcdTLS(caFile: ca.caCert, certFile: expired.cert, keyFile: expired.key)
            $0.requestTimeout = .seconds(3)
        }
        do {
            _ = try await old.get("/tls/k")
            Issue.record("an expired client certificate must be refused")
        } catch {
            #expect(error.kind == .tls || error.kind == .unavailable || error.kind == .timeout)
            #expect(!error.description.isEmpty)
        }
        await old.close()

        // Missing files are reported before anything is contacted.
        #expect(throws: EtcdError.self) {
            _ = try client(etcd.clientURL) { $0.tls = EtcdTLS(caFile: "/nonexistent/ca.pem") }
        }
    }

    @Test func authTokensAreRefreshedAfterTheyBecomeInvalid() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        for args in [["user", "add", "root:rootpw"], ["role", "add", "root"], ["user", "grant-role", "root", "root"],
                     ["user", "add", "alice:alicepw"], ["role", "add", "reader"],
                     ["role", "grant-permission", "reader", "--prefix=true", "read", "/registry/pods/"],
                     ["user", "grant-role", "alice", "reader"], ["auth", "enable"]] {
            let r = try await etcd.etcdctl(args)
            #expect(r.status == 0, "etcdctl \(args.joined(separator: " ")): \(r.stderr)")
        }
        let root = try client(etcd.clientURL) { $0.credentials = EtcdCredentials(user: "root", password: "rootpw") }
        try await root.put("/registry/pods/default/a", value: bytes("{}"))
        // Restarting the member drops every simple token it issued; the client must re-authenticate.
        try await etcd.restart()
        #expect(try await root.get("/registry/pods/default/a").kv?.value == bytes("{}"))
        await root.close()

        let wrong = try client(etcd.clientURL) { $0.credentials = EtcdCredentials(user: "root", password: "nope") }
        do {
            _ = try await wrong.get("/registry/pods/default/a")
            Issue.record("a wrong password must fail")
        } catch {
            #expect(error.kind == .authenticationFailed)
            #expect(!error.description.contains("nope"), "the password never appears in errors")
        }
        await wrong.close()

        let alice = try client(etcd.clientURL) { $0.credentials = EtcdCredentials(user: "alice", password: "alicepw") }
        #expect(try await alice.list(prefix: "/registry/pods/").kvs.count == 1)
        let before = try await alice.get("/registry/pods/default/a").revision
        do {
            try await alice.put("/registry/pods/default/a", value: bytes("changed"))
            Issue.record("a read-only user must not write")
        } catch {
            #expect(error.kind == .permissionDenied)
            #expect(error.description.contains("permission denied"))
        }
        #expect(try await alice.get("/registry/pods/default/a").revision == before, "nothing changed")
        await alice.close()

        let nobody = try client(etcd.clientURL)
        do {
            _ = try await nobody.get("/registry/pods/default/a")
            Issue.record("no credentials on an auth cluster must fail")
        } catch {
            #expect(error.kind == .authenticationFailed)
        }
        await nobody.close()
    }
}

import EtcdAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

typealias EtcdTransport = HTTP2ClientTransport.Posix

/// One gRPC channel to one etcd member, running its connections in a task.
final class EndpointConnection: Sendable {
    let endpoint: EtcdEndpoint
    let grpc: GRPCClient<EtcdTransport>
    private let runner: Task<Void, Never>

    init(endpoint: EtcdEndpoint, tls: EtcdTLS?) throws(EtcdError) {
        self.endpoint = endpoint
        let target: any ResolvableTarget
        if endpoint.host.contains(":") {
            target = .ipv6(address: endpoint.host, port: endpoint.port)
        } else if endpoint.host.split(separator: ".").count == 4,
                  endpoint.host.allSatisfy({ $0.isNumber || $0 == "." }) {
            target = .ipv4(address: endpoint.host, port: endpoint.port)
        } else {
            target = .dns(host: endpoint.host, port: endpoint.port)
        }
        let security: EtcdTransport.TransportSecurity
        if endpoint.secure || tls != nil {
            let settings = tls ?? EtcdTLS()
            security = .tls(.defaults { config in
                if let ca = settings.caFile {
                    config.trustRoots = .certificates([.file(path: ca, format: .pem)])
                }
                if let cert = settings.certFile {
                    config.certificateChain = [.file(path: cert, format: .pem)]
                }
                if let key = settings.keyFile {
                    config.privateKey = .file(path: key, format: .pem)
                }
                config.serverCertificateVerification = settings.insecureSkipVerify ? .noVerification : .fullVerification
            })
        } else {
            security = .plaintext
        }
        let transport: EtcdTransport
        do {
            transport = try EtcdTransport(
                target: target,
                transportSecurity: security,
                config: .defaults { config in
                    config.backoff = .init(initial: .milliseconds(100), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
                    config.http2.targetWindowSize = 16 * 1024 * 1024
                    // A dead connection under a quiet watch is noticed within time + timeout; the timeout is
                    // generous so that a loaded machine (or etcd fsyncing a new WAL segment) is not taken
                    // for a dead peer.
                    config.connection.keepalive = .init(time: .seconds(15), timeout: .seconds(20), allowWithoutCalls: false)
                }
            )
        } catch {
            throw EtcdError(.tls, endpoint: endpoint, message: "cannot set up TLS: \(EtcdError.describe(error))",
                            hint: "check --cacert, --cert and --key (PEM files)")
        }
        let grpc = GRPCClient(transport: transport)
        self.grpc = grpc
        self.runner = Task { try? await grpc.runConnections() }
    }

    var kv: Etcdserverpb_KV.Client<EtcdTransport> { .init(wrapping: grpc) }
    var watch: Etcdserverpb_Watch.Client<EtcdTransport> { .init(wrapping: grpc) }
    var auth: Etcdserverpb_Auth.Client<EtcdTransport> { .init(wrapping: grpc) }
    var maintenance: Etcdserverpb_Maintenance.Client<EtcdTransport> { .init(wrapping: grpc) }
    var cluster: Etcdserverpb_Cluster.Client<EtcdTransport> { .init(wrapping: grpc) }

    func shutdown() {
        grpc.beginGracefulShutdown()
        runner.cancel()
    }

    func waitUntilStopped() async {
        await runner.value
    }
}

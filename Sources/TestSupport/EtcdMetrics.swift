import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One reading of an etcd member's Prometheus metrics (`GET <client URL>/metrics`): what its
/// clients have cost it, counted by etcd itself.
public struct EtcdMetrics: Sendable {
    /// Every sample, by metric name with its labels as etcd prints them
    /// (`grpc_server_handled_total{grpc_code="OK",grpc_method="Range",…}`).
    public var samples: [String: Double]

    /// Reads the metrics of `member`.
    public static func read(_ member: EtcdServer) async throws -> EtcdMetrics {
        guard let url = URL(string: member.clientURL + "/metrics") else { throw TestSupportError("bad URL \(member.clientURL)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw TestSupportError("GET \(url) did not answer 200")
        }
        return EtcdMetrics(text: String(decoding: data, as: UTF8.self))
    }

    /// Parses the Prometheus text format.
    public init(text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    /// The sum of the samples of `metric` whose labels include every `label="value"` given.
    public func sum(_ metric: String, _ labels: [String: String] = [:]) -> Double {
        samples.reduce(0) { total, sample in
            guard sample.key == metric || sample.key.hasPrefix(metric + "{") else { return total }
            for (k, v) in labels where !sample.key.contains("\(k)=\"\(v)\"") { return total }
            return total + sample.value
        }
    }

    /// gRPC calls of `method` (`Range`, `Txn`, `Watch`, …) that have started.
    public func started(_ method: String) -> Double { sum("grpc_server_started_total", ["grpc_method": method]) }

    /// gRPC calls of `method` that have ended, whatever their code.
    public func handled(_ method: String) -> Double { sum("grpc_server_handled_total", ["grpc_method": method]) }

    /// Bytes etcd has sent to its gRPC clients.
    public var sentBytes: Double { sum("etcd_network_client_grpc_sent_bytes_total") }
}

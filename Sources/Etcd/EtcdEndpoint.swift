/// One etcd client URL: scheme, host and port.
///
/// Accepts the forms etcdctl accepts: `http://127.0.0.1:2379`, `https://etcd-0:2379`,
/// `127.0.0.1:2379` (plain HTTP), `[::1]:2379`. The port defaults to 2379.
public struct EtcdEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Whether the endpoint speaks TLS.
    public var secure: Bool
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates an endpoint from its parts.
    public init(host: String, port: Int, secure: Bool = false) {
        self.host = host
        self.port = port
        self.secure = secure
    }

    /// Parses an endpoint URL such as `http://127.0.0.1:2379`.
    public init(parsing text: String) throws(EtcdError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var secure = false
        if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst("https://".count)
        } else if rest.hasPrefix("http://") {
            rest = rest.dropFirst("http://".count)
        } else if let range = rest.range(of: "://") {
            throw EtcdError(.invalidConfiguration,
                            message: "endpoint \(text): unsupported scheme \(rest[..<range.lowerBound]) (use http:// or https://)")
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw EtcdError(.invalidConfiguration, message: "endpoint \(text): missing ']' after IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw EtcdError(.invalidConfiguration, message: "endpoint \(text): unexpected text after IPv6 address")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, !host.contains("/") else {
            throw EtcdError(.invalidConfiguration, message: "endpoint \(text): expected host:port or http(s)://host:port")
        }
        var port = 2379
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw EtcdError(.invalidConfiguration, message: "endpoint \(text): port must be a number between 1 and 65535")
            }
            port = p
        }
        self.init(host: String(host), port: port, secure: secure)
    }

    /// Parses a comma-separated endpoint list (`--endpoints a,b,c`).
    public static func parseList(_ text: String) throws(EtcdError) -> [EtcdEndpoint] {
        var result: [EtcdEndpoint] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            result.append(try EtcdEndpoint(parsing: String(part)))
        }
        guard !result.isEmpty else {
            throw EtcdError(.invalidConfiguration, message: "no etcd endpoints given (use --endpoints http://127.0.0.1:2379)")
        }
        return result
    }

    /// `host:port`, with brackets around IPv6 addresses.
    public var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL form, e.g. `http://127.0.0.1:2379`.
    public var description: String {
        (secure ? "https://" : "http://") + authority
    }
}

import Foundation

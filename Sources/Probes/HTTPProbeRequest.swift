import Foundation
import NIOCore
import NIOHTTP1

/// One GET as a probe makes it, computed once: where to connect and the request head to send
/// (with `Connection: close`), already encoded and checked. The first request of a probe is built when the probe is prepared;
/// only redirects build new ones.
struct HTTPProbeRequest: Sendable {
    /// The URL requested.
    let url: URL
    /// The host to connect to (as in the URL, without brackets).
    let host: String
    /// The port to connect to.
    let port: Int
    /// Whether the exchange uses TLS.
    let secure: Bool
    /// The host as an address when it is an IP literal (no resolver needed).
    let address: SocketAddress?
    /// The request head sent.
    let head: HTTPRequestHead
    /// `head` as written on the wire (``EncodedRequestWriter``).
    let encoded: ByteBuffer

    /// The URL has no host to connect to.
    struct MissingHost: Error, CustomStringConvertible {
        var description: String { "the URL has no host" }
    }

    /// Builds the request for `url` with `fields` and, if set, a `Host` override.
    init(url: URL, fields: [ProbeHTTPHeader], hostOverride: String?) throws {
        guard let host = url.host, !host.isEmpty else { throw MissingHost() }
        let secure = url.scheme?.lowercased() == "https"
        let port = url.port ?? (secure ? 443 : 80)
        var target = url.path(percentEncoded: true)
        if target.isEmpty { target = "/" }
        if let query = url.query(percentEncoded: true) { target += "?" + query }
        var headers = HTTPHeaders()
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        headers.add(name: "Host", value: hostOverride ?? (port == defaultPort ? bracketed : "\(bracketed):\(port)"))
        for field in fields { headers.add(name: field.name, value: field.value) }
        self.url = url
        self.host = host
        self.port = port
        self.secure = secure
        self.address = try? SocketAddress(ipAddress: host, port: port)
        self.head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: headers)
        self.encoded = try EncodedRequestWriter.encode(head)
    }

    /// Whether `host` is an IPv4 or IPv6 literal (no SNI for those).
    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

import Foundation

/// Where the Docker daemon listens: a unix socket or a TCP address, optionally with TLS.
///
/// Resolve it the way the docker CLI does with ``resolve(flag:environment:)``: the
/// `--docker-host` flag, else `DOCKER_HOST`, else `unix:///var/run/docker.sock`; TLS when
/// `DOCKER_TLS_VERIFY` is non-empty, with `ca.pem`, `cert.pem` and `key.pem` from
/// `DOCKER_CERT_PATH` (default `~/.docker`).
public struct DockerHost: Sendable, Equatable, CustomStringConvertible {
    /// The transport address of the daemon.
    public enum Address: Sendable, Equatable {
        /// A unix domain socket at an absolute path.
        case unix(path: String)
        /// A TCP host (name, IPv4 or IPv6 literal without brackets) and port.
        case tcp(host: String, port: Int)
    }

    /// The socket the daemon uses when nothing else is configured.
    public static let defaultSocketPath = "/var/run/docker.sock"
    /// The plain-TCP port used when a `tcp://` host has none.
    public static let defaultTCPPort = 2375
    /// The TLS port used when a `tcp://` host has none and TLS is on.
    public static let defaultTLSPort = 2376

    /// The daemon's address.
    public var address: Address
    /// TLS files; only used for TCP addresses.
    public var tls: DockerTLSFiles?

    /// Creates a host from its parts.
    public init(address: Address, tls: DockerTLSFiles? = nil) {
        self.address = address
        self.tls = tls
    }

    /// Parses `unix:///path` (`unix://` alone means the default socket) or `tcp://host[:port]`.
    ///
    /// - Throws: ``DockerError/invalidHost(value:reason:)`` naming what is wrong with `value`.
    public init(parsing value: String, tls: DockerTLSFiles? = nil) throws(DockerError) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw .invalidHost(value: value, reason: "missing scheme")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "unix":
            if rest.isEmpty {
                self.init(address: .unix(path: Self.defaultSocketPath), tls: nil)
                return
            }
            guard rest.hasPrefix("/") else {
                throw .invalidHost(value: value, reason: "the socket path must be absolute")
            }
            guard rest.utf8.count < 108 else {
                throw .invalidHost(value: value, reason: "the socket path is longer than the 107 bytes a unix socket allows")
            }
            self.init(address: .unix(path: rest), tls: nil)
        case "tcp":
            let (host, port) = try Self.parseHostPort(rest, value: value, defaultPort: tls == nil ? Self.defaultTCPPort : Self.defaultTLSPort)
            self.init(address: .tcp(host: host, port: port), tls: tls)
        case "ssh", "npipe", "fd":
            throw .invalidHost(value: value, reason: "\(scheme):// hosts are not supported")
        default:
            throw .invalidHost(value: value, reason: "unsupported scheme \"\(scheme)\"")
        }
    }

    /// Resolves the host from the `--docker-host` flag, then `DOCKER_HOST`, then the default socket,
    /// with TLS from `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH` for TCP hosts.
    ///
    /// TLS settings are ignored for unix sockets. With TLS on, `ca.pem` must exist; `cert.pem`
    /// and `key.pem` are used when both exist (a client certificate without its key, or the
    /// reverse, is an error).
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DockerError) -> DockerHost {
        let value: String
        if let flag, !flag.isEmpty {
            value = flag
        } else if let env = environment["DOCKER_HOST"], !env.isEmpty {
            value = env
        } else {
            value = "unix://" + defaultSocketPath
        }
        let wantsTLS = !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
        let parsed = try DockerHost(parsing: value)
        guard wantsTLS, case .tcp = parsed.address else { return parsed }
        let tls = try DockerTLSFiles.fromCertPath(environment: environment)
        return try DockerHost(parsing: value, tls: tls)
    }

    /// The host as the docker CLI writes it, e.g. `unix:///var/run/docker.sock` or `tcp://127.0.0.1:2376`.
    public var description: String {
        switch address {
        case .unix(let path):
            return "unix://\(path)"
        case .tcp(let host, let port):
            return "tcp://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        }
    }

    /// The URL prefix (scheme and authority) requests are sent to.
    var baseURL: String {
        switch address {
        case .unix(let path):
            return "http+unix://" + Self.percentEncodeAll(path)
        case .tcp(let host, let port):
            let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return (tls == nil ? "http://" : "https://") + authority
        }
    }

    /// Whether requests need an explicit `Host` header (dockerd rejects requests without one).
    var needsHostHeader: Bool {
        if case .unix = address { return true }
        return false
    }

    private static func parseHostPort(_ text: String, value: String, defaultPort: Int) throws(DockerError) -> (String, Int) {
        var authority = Substring(text)
        if let slash = authority.firstIndex(of: "/") {
            let path = authority[slash...]
            guard path == "/" else {
                throw .invalidHost(value: value, reason: "a tcp host cannot have a path (\(path))")
            }
            authority = authority[..<slash]
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidHost(value: value, reason: "unterminated IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost(value: value, reason: "unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
            guard !host.contains(":") else {
                throw .invalidHost(value: value, reason: "IPv6 addresses need brackets, e.g. tcp://[::1]:2375")
            }
        } else {
            host = authority
        }
        if host.isEmpty { host = "127.0.0.1" }
        var port = defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw .invalidHost(value: value, reason: "port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = parsed
        }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "_" }) else {
            throw .invalidHost(value: value, reason: "\"\(host)\" is not a host name or IP address")
        }
        return (String(host), port)
    }

    /// Percent-encodes everything except unreserved characters, so a socket path can be a URL host.
    static func percentEncodeAll(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

import Foundation

/// One request header of an HTTP probe, as given in the pod spec (`httpHeaders`).
public struct ProbeHTTPHeader: Sendable, Hashable {
    /// Header name.
    public var name: String
    /// Header value; an empty value for `User-Agent` or `Accept` removes that default header.
    public var value: String

    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An `httpGet` probe: a GET request whose status decides health.
public struct HTTPGetProbe: Sendable, Hashable {
    /// URL scheme of an HTTP probe.
    public enum Scheme: String, Sendable, Hashable {
        /// Plain HTTP.
        case http
        /// HTTPS, with certificate verification off (as the kubelet does).
        case https
    }

    /// `HTTP` or `HTTPS`.
    public var scheme: Scheme
    /// Host to connect to: the spec's `host`, or the pod IP when the spec had none.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Request path (with query); a missing leading slash is added.
    public var path: String
    /// Extra headers in spec order.
    public var headers: [ProbeHTTPHeader]

    /// Creates an HTTP probe.
    public init(scheme: Scheme = .http, host: String, port: Int, path: String = "/", headers: [ProbeHTTPHeader] = []) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.headers = headers
    }

    /// The URL the probe requests first, e.g. `http://10.0.0.5:8080/healthz`.
    public var url: String {
        "\(origin)\(path.hasPrefix("/") ? path : "/" + path)"
    }

    /// ``url`` with path and query percent-escaped, for paths not valid in a URL as written.
    var escapedURL: String {
        let target = path.hasPrefix("/") ? path : "/" + path
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let escapedPath = parts[0].addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? parts[0]
        let escapedQuery = parts.count > 1
            ? "?" + (parts[1].addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? parts[1]) : ""
        return origin + escapedPath + escapedQuery
    }

    private var origin: String {
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme.rawValue)://\(hostPart):\(port)"
    }
}

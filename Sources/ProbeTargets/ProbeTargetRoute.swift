import Foundation

/// What a probe target does with one HTTP request.
enum ProbeTargetAction: Equatable, Sendable {
    /// Answer with `response`, after `delay` when one is given.
    case respond(ProbeTargetResponse, delay: Duration?)
    /// Flip the healthy/failing switch, then answer with the new state.
    case toggle
    /// Accept the request and never answer.
    case hang
    /// Close the connection without a response.
    case drop
    /// Reset the connection (TCP RST) without a response.
    case reset
}

/// A complete response a probe target sends.
struct ProbeTargetResponse: Equatable, Sendable {
    /// Status code.
    var status: Int
    /// Value of the `Location` header, if any.
    var location: String?
    /// Body bytes (dropped for statuses that cannot carry one).
    var body: [UInt8]

    init(status: Int, location: String? = nil, body: [UInt8]) {
        self.status = status
        self.location = location
        self.body = body
    }

    init(status: Int, location: String? = nil, text: String) {
        self.init(status: status, location: location, body: Array(text.utf8))
    }

    /// Whether HTTP allows a body with this status.
    var allowsBody: Bool { !(status == 204 || status == 304 || (100..<200).contains(status)) }
}

/// The route table of `ProbeTargetServer`: a pure function from a request to an action.
enum ProbeTargetRoute {
    /// The largest body `/big` produces.
    static let maxBigBytes = 64 * 1024 * 1024
    /// The largest delay `/slow` accepts.
    static let maxSlowMilliseconds = 600_000

    /// Resolves a request.
    /// - Parameters:
    ///   - method: Request method, e.g. `GET`.
    ///   - uri: Request target (path and query).
    ///   - headers: Request headers in the order received.
    ///   - profile: The server's profile (decides the health endpoints).
    ///   - isHealthy: The current `/toggle` state.
    static func action(method: String, uri: String, headers: [(String, String)],
                       profile: ProbeTargetServer.Profile, isHealthy: Bool) -> ProbeTargetAction {
        let (path, query) = split(uri)
        switch path {
        case "/", "/healthz", "/livez", "/readyz":
            switch profile {
            case .healthy: return .respond(ok, delay: nil)
            case .failing: return .respond(failing, delay: nil)
            case .slow(let delay): return .respond(ok, delay: delay)
            }
        case "/fail":
            return .respond(failing, delay: nil)
        case "/slow":
            let ms = min(max(Int(query["ms"] ?? "") ?? 1000, 0), maxSlowMilliseconds)
            return .respond(ok, delay: .milliseconds(ms))
        case "/hang":
            return .hang
        case "/drop":
            return .drop
        case "/reset":
            return .reset
        case "/big":
            let count = min(max(Int(query["bytes"] ?? "") ?? 0, 0), maxBigBytes)
            return .respond(ProbeTargetResponse(status: 200, body: bigBody(count)), delay: nil)
        case "/headers":
            let text = headers.map { "\($0.0): \($0.1)\n" }.joined()
            return .respond(ProbeTargetResponse(status: 200, text: text), delay: nil)
        case "/redirect":
            guard let target = query["to"], !target.isEmpty else {
                return .respond(ProbeTargetResponse(status: 400, text: "missing ?to=URL\n"), delay: nil)
            }
            let code = Int(query["code"] ?? "") ?? 302
            guard (300..<400).contains(code) else {
                return .respond(ProbeTargetResponse(status: 400, text: "code must be 3xx\n"), delay: nil)
            }
            return .respond(ProbeTargetResponse(status: code, location: target, text: "redirecting\n"), delay: nil)
        case "/loop":
            return .respond(ProbeTargetResponse(status: 302, location: "/loop", text: "redirecting\n"), delay: nil)
        case "/toggle":
            if method == "POST" { return .toggle }
            return .respond(isHealthy ? ok : failing, delay: nil)
        default:
            if let rest = path.dropPrefix("/status/") {
                guard let code = Int(rest), (200..<600).contains(code) else {
                    return .respond(ProbeTargetResponse(status: 400, text: "status must be 200-599\n"), delay: nil)
                }
                return .respond(ProbeTargetResponse(status: code, text: "status \(code)\n"), delay: nil)
            }
            if let rest = path.dropPrefix("/chain/") {
                guard let hops = Int(rest), hops >= 0 else {
                    return .respond(ProbeTargetResponse(status: 400, text: "hops must be >= 0\n"), delay: nil)
                }
                if hops == 0 { return .respond(ok, delay: nil) }
                return .respond(ProbeTargetResponse(status: 302, location: "/chain/\(hops - 1)", text: "redirecting\n"),
                                delay: nil)
            }
            return .respond(ProbeTargetResponse(status: 404, text: "not found\n"), delay: nil)
        }
    }

    /// The answer of the toggle endpoint for a state.
    static func toggleResponse(isHealthy: Bool) -> ProbeTargetResponse {
        isHealthy ? ok : failing
    }

    static let ok = ProbeTargetResponse(status: 200, text: "ok\n")
    static let failing = ProbeTargetResponse(status: 503, text: "failing\n")

    /// Splits a request target into its path and decoded query items.
    static func split(_ uri: String) -> (path: String, query: [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        let path = String(uri[..<mark])
        var query: [String: String] = [:]
        for item in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let raw = parts.count > 1 ? String(parts[1]) : ""
            if query[name] == nil { query[name] = raw.removingPercentEncoding ?? raw }
        }
        return (path, query)
    }

    private static func bigBody(_ count: Int) -> [UInt8] {
        let pattern = Array("0123456789abcdefghijklmnopqrstuvwxyz\n".utf8)
        var body = [UInt8]()
        body.reserveCapacity(count)
        while body.count < count { body.append(pattern[body.count % pattern.count]) }
        return body
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

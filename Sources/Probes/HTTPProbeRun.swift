import Foundation
import NIOCore
import NIOSSL

/// One run of an HTTP probe: the request, the redirects followed by hand, the verdict.
struct HTTPProbeRun: Sendable {
    let spec: HTTPGetProbe
    let userAgent: String
    let timeout: Duration
    let deadline: NIODeadline

    /// Statuses the kubelet's HTTP client follows when a `Location` is present.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    func run(on group: any EventLoopGroup, tls: NIOSSLContext?) async -> ProbeResult {
        let headers = HTTPProbeHeaders(spec: spec.headers, userAgent: userAgent)
        guard let first = URL(string: spec.url) ?? URL(string: spec.escapedURL),
              let originalHost = first.host?.lowercased() else {
            return ProbeResult(outcome: .failure, message: "invalid probe URL \"\(spec.url)\"")
        }
        var url = first
        var hostOverride = headers.hostOverride
        var redirects = 0
        while true {
            let exchange = HTTPProbeExchange(url: url, fields: headers.fields, hostOverride: hostOverride,
                                             deadline: deadline, bodyLimit: ProbeResult.maxOutputBytes, tls: tls)
            let response: HTTPProbeExchange.Response
            do {
                response = try await exchange.run(on: group)
            } catch {
                return failure(url, error)
            }
            let body = String(decoding: response.body, as: UTF8.self)
            let status = response.status
            guard Self.redirectStatuses.contains(status), let location = response.location else {
                return verdict(status: status, body: body)
            }
            guard let next = URL(string: location, relativeTo: url)?.absoluteURL, let nextHost = next.host else {
                return ProbeResult(outcome: .failure,
                                   message: "Get \"\(url.absoluteString)\": bad redirect Location \"\(location)\"",
                                   output: body)
            }
            if nextHost.lowercased() != originalHost {
                return ProbeResult(outcome: .warning,
                                   message: "probe terminated redirects (HTTP \(status) to other host \(nextHost))",
                                   output: body)
            }
            redirects += 1
            if redirects > HTTPProber.maxRedirects {
                let reason = "stopped after \(HTTPProber.maxRedirects) redirects"
                return ProbeResult(outcome: .failure, message: "Get \"\(next.absoluteString)\": \(reason)", output: body)
            }
            // Like Go's client, keep a Host override only through relative redirects.
            if URL(string: location)?.scheme != nil { hostOverride = nil }
            url = next
        }
    }

    private func verdict(status: Int, body: String) -> ProbeResult {
        switch status {
        case 200..<300:
            return ProbeResult(outcome: .success, message: "HTTP \(status)", output: body)
        case 300..<400:
            return ProbeResult(outcome: .warning, message: "probe terminated redirects (HTTP \(status))", output: body)
        default:
            return ProbeResult(outcome: .failure, message: "HTTP probe failed with statuscode: \(status)", output: body)
        }
    }

    private func failure(_ url: URL, _ error: any Error) -> ProbeResult {
        ProbeResult(outcome: .failure,
                    message: "Get \"\(url.absoluteString)\": \(ProbeErrorText.describe(error, timeout: timeout))")
    }
}

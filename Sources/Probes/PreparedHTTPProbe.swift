import Foundation
import NIOCore
import NIOSSL

/// An `httpGet` probe prepared once: headers built with kubelet rules, the URL parsed and the first
/// request head ready, so a run only connects, writes and reads.
struct PreparedHTTPProbe: PreparedProbe {
    /// What stops a probe from running at all (an unparsable URL).
    enum First: Sendable {
        case request(HTTPProbeRequest)
        case invalid(String)
    }

    let spec: HTTPGetProbe
    let fields: [ProbeHTTPHeader]
    let hostOverride: String?
    let originalHost: String
    let first: First
    let tls: NIOSSLContext?

    init(spec: HTTPGetProbe, userAgent: String, tls: NIOSSLContext?) {
        let headers = HTTPProbeHeaders(spec: spec.headers, userAgent: userAgent)
        self.spec = spec
        self.fields = headers.fields
        self.hostOverride = headers.hostOverride
        self.tls = tls
        guard let url = URL(string: spec.url) ?? URL(string: spec.escapedURL), let host = url.host?.lowercased() else {
            originalHost = ""
            first = .invalid("invalid probe URL \"\(spec.url)\"")
            return
        }
        originalHost = host
        do {
            first = .request(try HTTPProbeRequest(url: url, fields: headers.fields, hostOverride: headers.hostOverride))
        } catch {
            first = .invalid("Get \"\(url.absoluteString)\": \(ProbeErrorText.describe(error, timeout: .zero))")
        }
    }

    func start(on loop: any EventLoop, timeout: Duration,
               _ done: @escaping @Sendable (ProbeResult) -> Void) -> any ProbeRunHandle {
        let call = HTTPProbeCall(probe: self, loop: loop, timeout: timeout, done: done)
        if loop.inEventLoop {
            call.begin()
        } else {
            loop.execute { call.begin() }
        }
        return call
    }
}

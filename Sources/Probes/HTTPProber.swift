import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Runs `httpGet` probes with kubelet semantics over one shared `HTTPClient`.
///
/// - 200-399 is success; 400 and above is failure (`HTTP probe failed with statuscode: 503`).
/// - Redirects (301, 302, 303, 307, 308 with a `Location`) are followed by hand while the target
///   hostname equals the original one (the port may differ), at most ``maxRedirects`` times; the next
///   one fails with `stopped after 10 redirects`. A redirect to another host is not followed and,
///   like any final 3xx, is a success with a warning (`probe terminated redirects`).
/// - Certificates are not verified for HTTPS; connections are not reused.
/// - The body is read up to 10 KiB; `timeout` bounds the whole run including redirects and body.
///
/// Call ``shutdown()`` when done with the prober.
public final class HTTPProber: Prober {
    /// The default `User-Agent`, as a 1.29 kubelet sends it.
    public static let defaultUserAgent = "kube-probe/1.29"
    /// How many redirects a probe follows.
    public static let maxRedirects = 10

    let client: HTTPClient
    let userAgent: String

    /// Creates a prober with its own `HTTPClient` on the shared NIO event loops.
    public init(userAgent: String = HTTPProber.defaultUserAgent) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(1))
        // Probes of one host must not queue behind each other (a hung target would hold them all).
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = 65_536
        // A refused connection is a probe failure now, not a reason to retry until the deadline.
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(), connectionPool: pool,
            proxy: nil, ignoreUncleanSSLShutdown: true, decompression: .disabled)
        configuration.httpVersion = .http1Only
        self.client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        self.userAgent = userAgent
    }

    /// Shuts the HTTP client down; later probes fail. Idempotent.
    public func shutdown() async {
        try? await client.shutdown()
    }

    deinit {
        // Releases the client's connections when `shutdown()` was not called (a no-op otherwise).
        _ = client.shutdown()
    }

    /// Runs an `httpGet` handler; other handlers give `.unknown`.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        guard case .httpGet(let spec) = handler else { return .unsupported(handler) }
        let start = ContinuousClock.now
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(timeout.probeNanoseconds)
        let client = self.client
        let userAgent = self.userAgent
        let outcome = await ProbeDeadline.race(timeout: timeout) {
            await HTTPProbeRun(spec: spec, userAgent: userAgent, timeout: timeout, deadline: deadline).run(on: client)
        }
        let latency = start.duration(to: .now)
        switch outcome {
        case .value(var result):
            result.latency = latency
            return result
        case .timedOut:
            return ProbeResult(outcome: .failure,
                               message: "Get \"\(spec.url)\": \(ProbeErrorText.timeoutText(timeout))", latency: latency)
        case .cancelled:
            return ProbeResult(outcome: .unknown, message: "probe cancelled", latency: latency)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var probeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return nanos + attoseconds / 1_000_000_000
    }
}

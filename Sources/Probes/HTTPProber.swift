import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Runs `httpGet` probes with kubelet semantics, each run on a connection of its own.
///
/// - 200-399 is success; 400 and above is failure (`HTTP probe failed with statuscode: 503`).
/// - Redirects (301, 302, 303, 307, 308 with a `Location`) are followed by hand while the target
///   hostname equals the original one (the port may differ), at most ``maxRedirects`` times; the next
///   one fails with `stopped after 10 redirects`. A redirect to another host is not followed and,
///   like any final 3xx, is a success with a warning (`probe terminated redirects`).
/// - Certificates are not verified for HTTPS; connections are not reused.
/// - The body is read up to 10 KiB; `timeout` bounds the whole run including redirects and body.
/// - Each run opens a connection of its own straight on NIO (``HTTPProbeCall``): no pool, no
///   client state machines, no task; the whole run is callbacks on one event loop.
///
/// ``shutdown()`` is kept for callers that release probers explicitly; there is nothing to close.
public final class HTTPProber: EventLoopProber {
    /// The default `User-Agent`, as a 1.29 kubelet sends it.
    public static let defaultUserAgent = "kube-probe/1.29"
    /// How many redirects a probe follows.
    public static let maxRedirects = 10

    let group: any EventLoopGroup
    let tls: NIOSSLContext?
    let userAgent: String

    /// Creates a prober on the shared NIO event loops.
    public init(userAgent: String = HTTPProber.defaultUserAgent) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        self.tls = try? NIOSSLContext(configuration: configuration)
        self.group = MultiThreadedEventLoopGroup.singleton
        self.userAgent = userAgent
    }

    var eventLoopGroup: any EventLoopGroup { group }

    /// Releases the prober's resources (none are held between runs). Idempotent.
    public func shutdown() async {}

    func prepare(_ handler: ProbeHandler) -> (any PreparedProbe)? {
        guard case .httpGet(let spec) = handler else { return nil }
        return PreparedHTTPProbe(spec: spec, userAgent: userAgent, tls: tls)
    }

    /// Runs an `httpGet` handler; other handlers give `.unknown`.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        guard let prepared = prepare(handler) else { return .unsupported(handler) }
        return await prepared.run(on: group.next(), timeout: timeout)
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

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One run of an HTTP probe on one event loop: connect, request, redirects followed by hand, the
/// verdict. A single timer bounds the whole run, redirects and body included.
///
/// Confined to `loop` (every method but ``cancel()`` runs there), hence `@unchecked Sendable`.
final class HTTPProbeCall: ProbeRunHandle, NIOScheduledCallbackHandler, @unchecked Sendable {
    /// Statuses the kubelet's HTTP client follows when a `Location` is present.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    private let probe: PreparedHTTPProbe
    private let loop: any EventLoop
    private let timeout: Duration
    private let done: @Sendable (ProbeResult) -> Void
    private let start: NIODeadline
    private let deadline: NIODeadline
    private var timer: NIOScheduledCallback?
    private var channel: (any Channel)?
    private var hostOverride: String?
    private var redirects = 0
    /// Counts exchanges, so late news from an earlier one is ignored.
    private var exchange = 0
    private var finished = false

    init(probe: PreparedHTTPProbe, loop: any EventLoop, timeout: Duration, done: @escaping @Sendable (ProbeResult) -> Void) {
        self.probe = probe
        self.loop = loop
        self.timeout = timeout
        self.done = done
        self.start = .now()
        self.deadline = start + timeout.probeTimeAmount
        self.hostOverride = probe.hostOverride
    }

    func begin() {
        switch probe.first {
        case .invalid(let message):
            finish(ProbeResult(outcome: .failure, message: message))
        case .request(let request):
            timer = try? loop.scheduleCallback(at: deadline, handler: self)
            send(request)
        }
    }

    /// The deadline passed.
    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        finish(timedOut())
    }

    func didCancelScheduledCallback(eventLoop: some EventLoop) {}

    func cancel() {
        loop.execute { [self] in finish(.cancelled) }
    }

    private func timedOut() -> ProbeResult {
        ProbeResult(outcome: .failure, message: "Get \"\(probe.spec.url)\": \(ProbeErrorText.timeoutText(timeout))")
    }

    private func send(_ request: HTTPProbeRequest) {
        guard !finished else { return }
        exchange += 1
        let id = exchange
        let tls = request.secure ? probe.tls : nil
        if request.secure && tls == nil {
            return finish(failure(request.url, TLSUnavailable()))
        }
        let remaining = deadline - .now()
        guard remaining > .zero else { return finish(timedOut()) }
        let head = request.head
        let encoded = request.encoded
        let host = request.host
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(remaining)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    // The run ended (timeout, cancel) before this connection was set up.
                    guard !self.finished, id == self.exchange else { throw ChannelError.ioOnClosedChannel }
                    self.channel = channel
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        let serverName = HTTPProbeRequest.isIPAddress(host) ? nil : host
                        try sync.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try sync.addHandler(EncodedRequestWriter(bytes: encoded))
                    try sync.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try sync.addHandler(HTTPProbeResponseHandler(head: head, bodyLimit: ProbeResult.maxOutputBytes) {
                        self.answered($0, request: request, exchange: id)
                    })
                }
            }
        let connect = request.address.map { bootstrap.connect(to: $0) }
            ?? bootstrap.connect(host: request.host, port: request.port)
        connect.whenFailure { [self] error in
            answered(.failure(error), request: request, exchange: id)
        }
    }

    private func answered(_ answer: Result<HTTPProbeResponse, any Error>, request: HTTPProbeRequest, exchange id: Int) {
        guard !finished, id == exchange else { return }
        channel = nil
        switch answer {
        case .failure(let error):
            finish(failure(request.url, error))
        case .success(let response):
            if let next = follow(response, from: request) { send(next) }
        }
    }

    /// The next request when `response` is a redirect to follow; otherwise finishes the run.
    private func follow(_ response: HTTPProbeResponse, from request: HTTPProbeRequest) -> HTTPProbeRequest? {
        let body = String(decoding: response.body, as: UTF8.self)
        let status = response.status
        guard Self.redirectStatuses.contains(status), let location = response.location else {
            finish(Self.verdict(status: status, body: body))
            return nil
        }
        let url = request.url
        guard let next = URL(string: location, relativeTo: url)?.absoluteURL, let nextHost = next.host else {
            finish(ProbeResult(outcome: .failure,
                               message: "Get \"\(url.absoluteString)\": bad redirect Location \"\(location)\"",
                               output: body))
            return nil
        }
        if nextHost.lowercased() != probe.originalHost {
            finish(ProbeResult(outcome: .warning,
                               message: "probe terminated redirects (HTTP \(status) to other host \(nextHost))",
                               output: body))
            return nil
        }
        redirects += 1
        if redirects > HTTPProber.maxRedirects {
            let reason = "stopped after \(HTTPProber.maxRedirects) redirects"
            finish(ProbeResult(outcome: .failure, message: "Get \"\(next.absoluteString)\": \(reason)", output: body))
            return nil
        }
        // Like Go's client, keep a Host override only through relative redirects.
        if URL(string: location)?.scheme != nil { hostOverride = nil }
        do {
            return try HTTPProbeRequest(url: next, fields: probe.fields, hostOverride: hostOverride)
        } catch {
            finish(failure(next, error))
            return nil
        }
    }

    private func finish(_ result: ProbeResult) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        channel?.close(promise: nil)
        channel = nil
        var result = result
        result.latency = .probeLatency(since: start)
        done(result)
    }

    static func verdict(status: Int, body: String) -> ProbeResult {
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

    /// HTTPS was asked for but no TLS context could be made.
    struct TLSUnavailable: Error, CustomStringConvertible {
        var description: String { "TLS is unavailable in this process" }
    }
}

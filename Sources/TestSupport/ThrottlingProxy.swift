import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on 127.0.0.1 that forwards to a local port, limiting the bytes sent back to
/// clients to a shared rate, so a pull through it can be watched and cancelled mid-way.
///
/// Point image references at ``address`` instead of the registry's (127.0.0.0/8 registries
/// need no TLS). ``dropConnections()`` cuts every open connection mid-transfer, as a flaky
/// network or a registry that loses a blob would.
public final class ThrottlingProxy: Sendable {
    /// The proxy's port on 127.0.0.1.
    public let port: Int
    /// The port it forwards to on 127.0.0.1.
    public let targetPort: Int
    /// `127.0.0.1:<port>`.
    public var address: String { "127.0.0.1:\(port)" }

    private let serverChannel: any Channel
    private let state: ProxyState

    private init(port: Int, targetPort: Int, serverChannel: any Channel, state: ProxyState) {
        self.port = port
        self.targetPort = targetPort
        self.serverChannel = serverChannel
        self.state = state
    }

    /// Starts a proxy to 127.0.0.1:`targetPort` sending at most `bytesPerSecond` back to
    /// clients (all connections together); nil means no limit.
    public static func start(targetPort: Int, bytesPerSecond: Int?) async throws -> ThrottlingProxy {
        let state = ProxyState(bytesPerSecond: bytesPerSecond)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.autoRead, value: false)
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 8192))
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMapThrowing { outbound in
                        // Both channels share an event loop, so the handlers can call each other.
                        let client = ProxyHandler(state: state, throttled: false)
                        let backend = ProxyHandler(state: state, throttled: true)
                        client.partner = backend
                        backend.partner = client
                        state.opened(client: inbound, backend: outbound)
                        try outbound.pipeline.syncOperations.addHandler(backend)
                        try inbound.pipeline.syncOperations.addHandler(client)
                    }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw TestSupportError("the throttling proxy has no local port")
        }
        return ThrottlingProxy(port: port, targetPort: targetPort, serverChannel: channel, state: state)
    }

    /// Changes the rate (nil: unlimited) for bytes sent from now on.
    public func setBytesPerSecond(_ bytesPerSecond: Int?) {
        state.setRate(bytesPerSecond)
    }

    /// Stops forwarding from the target to clients once `bytes` in all have been forwarded
    /// (reads already under way finish); ``release()`` resumes. Makes "cancel mid-download"
    /// independent of how fast the machine is.
    public func hold(afterBytes bytes: Int64) {
        state.setCap(bytes)
    }

    /// Lifts ``hold(afterBytes:)`` and resumes every connection it stopped.
    public func release() {
        for resume in state.setCap(nil) { resume() }
    }

    /// Client connections open right now.
    public var activeConnections: Int { state.snapshot().active }
    /// Client connections accepted since start.
    public var acceptedConnections: Int { state.snapshot().accepted }
    /// Bytes forwarded from the target back to clients since start.
    public var bytesForwarded: Int64 { state.snapshot().forwarded }

    /// Closes every open connection (both sides) at once, mid-transfer.
    public func dropConnections() {
        for channel in state.openChannels() { channel.close(promise: nil) }
    }

    /// Stops listening and closes every connection (without waiting for the sockets to close).
    public func stop() {
        serverChannel.close(promise: nil)
        dropConnections()
    }
}

/// Shared counters, open channels and the rate budget of one proxy.
private final class ProxyState: Sendable {
    struct State {
        var bytesPerSecond: Int?
        var nextFree = NIODeadline.uptimeNanoseconds(0)
        var channels: [ObjectIdentifier: any Channel] = [:]
        var clients: Set<ObjectIdentifier> = []
        var accepted = 0
        var forwarded: Int64 = 0
        var cap: Int64?
        var parked: [@Sendable () -> Void] = []
    }

    private let state: Mutex<State>

    init(bytesPerSecond: Int?) {
        state = Mutex(State(bytesPerSecond: bytesPerSecond))
    }

    func setRate(_ bytesPerSecond: Int?) {
        state.withLock { $0.bytesPerSecond = bytesPerSecond }
    }

    /// Sets the forwarding cap; returns the resumptions of connections parked under the old one
    /// when the cap is lifted.
    @discardableResult
    func setCap(_ cap: Int64?) -> [@Sendable () -> Void] {
        state.withLock { s in
            s.cap = cap
            guard cap == nil else { return [] }
            defer { s.parked = [] }
            return s.parked
        }
    }

    /// Parks `resume` when the cap is reached; false means read on.
    func parkIfCapped(_ resume: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { s in
            guard let cap = s.cap, s.forwarded >= cap else { return false }
            s.parked.append(resume)
            return true
        }
    }

    func opened(client: any Channel, backend: any Channel) {
        state.withLock {
            $0.channels[ObjectIdentifier(client)] = client
            $0.channels[ObjectIdentifier(backend)] = backend
            $0.clients.insert(ObjectIdentifier(client))
            $0.accepted += 1
        }
    }

    func closed(_ channel: any Channel) {
        state.withLock {
            $0.channels[ObjectIdentifier(channel)] = nil
            $0.clients.remove(ObjectIdentifier(channel))
        }
    }

    func openChannels() -> [any Channel] {
        state.withLock { Array($0.channels.values) }
    }

    func snapshot() -> (active: Int, accepted: Int, forwarded: Int64) {
        state.withLock { ($0.clients.count, $0.accepted, $0.forwarded) }
    }

    /// Accounts for `bytes` just sent; returns how long to wait before reading more.
    func reserve(_ bytes: Int) -> TimeAmount {
        state.withLock { s in
            s.forwarded += Int64(bytes)
            guard let rate = s.bytesPerSecond, rate > 0 else { return .zero }
            let now = NIODeadline.now()
            let start = max(s.nextFree, now)
            s.nextFree = start + .nanoseconds(Int64(Double(bytes) / Double(rate) * 1e9))
            return s.nextFree - now
        }
    }
}

/// One side of a proxied connection: forwards what it reads to its partner's channel.
private final class ProxyHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let state: ProxyState
    /// Whether reads on this side are paced by the shared rate (the target-to-client side).
    let throttled: Bool
    var partner: ProxyHandler?
    private var context: ChannelHandlerContext?
    private var pending: [ByteBuffer] = []
    private var burst = 0

    init(state: ProxyState, throttled: Bool) {
        self.state = state
        self.throttled = throttled
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if !pending.isEmpty {
            for buffer in pending { context.write(wrapOutboundOut(buffer), promise: nil) }
            pending.removeAll()
            context.flush()
        }
        if context.channel.isActive { context.read() }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        burst += buffer.readableBytes
        partner?.send(buffer)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.flushPeer()
        let bytes = burst
        burst = 0
        let delay = throttled ? state.reserve(bytes) : .zero
        if throttled {
            let loop = context.eventLoop
            let handler = NIOLoopBound(self, eventLoop: loop)
            if state.parkIfCapped({ loop.execute { handler.value.context?.read() } }) { return }
        }
        if delay <= .zero {
            context.read()
        } else {
            context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
                self?.context?.read()
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.closed(context.channel)
        partner?.closePeer()
        partner = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func send(_ buffer: ByteBuffer) {
        guard let context else {
            pending.append(buffer)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func flushPeer() {
        context?.flush()
    }

    private func closePeer() {
        context?.close(promise: nil)
    }
}

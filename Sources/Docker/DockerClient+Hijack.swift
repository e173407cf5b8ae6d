import Foundation
import NIOCore
import NIOPosix
import NIOSSL

extension DockerClient {
    /// Sends one request on a connection of its own and, when the daemon answers `101 UPGRADED`
    /// (or `200` with a raw stream), hands the connection to `body` as a two-way byte stream
    /// (``DockerRawStream``); the connection is closed when `body` returns or throws.
    ///
    /// async-http-client cannot give a connection away, so this speaks HTTP/1.1 itself over
    /// swift-nio: a unix socket, or TCP with TLS when the host has TLS files. The head of the answer
    /// is parsed here because the raw stream may follow it in the very same read.
    ///
    /// - Throws: ``DockerError/api(status:message:operation:)`` for any other status, with the
    ///   daemon's message; ``DockerError/cannotConnect(host:reason:)`` when nothing answers.
    func withHijackedStream<T: Sendable>(method: String, path: String, version: DockerAPIVersion, json: [UInt8],
                                         operation: String,
                                         _ body: (inout DockerRawStream) async throws -> T) async throws -> T {
        let channel = try await connectRaw(operation: operation)
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var request = "\(method) /v\(version)\(path) HTTP/1.1\r\n"
                request += "Host: docker\r\nUser-Agent: poddeck\r\n"
                request += "Content-Type: application/json\r\nContent-Length: \(json.count)\r\n"
                request += "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                var buffer = ByteBuffer(string: request)
                buffer.writeBytes(json)
                try await outbound.write(buffer)
                var iterator = inbound.makeAsyncIterator()
                var pending: [UInt8] = []
                var parsed: (head: DockerResponseHead, length: Int)?
                while parsed == nil {
                    guard let chunk = try await iterator.next() else {
                        throw DockerError.cannotConnect(host: host.description, reason: "the daemon closed the connection before answering \(operation)")
                    }
                    pending.append(contentsOf: chunk.readableBytesView)
                    parsed = try DockerResponseHead.parse(pending, operation: operation)
                }
                let (head, length) = parsed!
                let rest = Array(pending[length...])
                guard head.status == 101 || head.status == 200 else {
                    var errorBody = rest
                    let length = head.header("content-length").flatMap(Int.init)
                    let chunked = head.header("transfer-encoding")?.lowercased().contains("chunked") ?? false
                    func complete() -> Bool {
                        if let length { return errorBody.count >= length }
                        if chunked { return errorBody.count >= 5 && Array(errorBody.suffix(5)) == Array("0\r\n\r\n".utf8) }
                        return false
                    }
                    while !complete(), errorBody.count < 64 * 1024, let chunk = try await iterator.next() {
                        errorBody.append(contentsOf: chunk.readableBytesView)
                    }
                    let message = Self.hijackErrorMessage(errorBody) ?? head.reason
                    throw DockerError.api(status: head.status, message: message, operation: operation)
                }
                var stream = DockerRawStream(iterator: iterator, leftover: rest, outbound: outbound)
                return try await body(&stream)
            }
        } catch {
            throw mapTransportError(error, operation: operation, timeout: nil)
        }
    }

    /// The `message` of a JSON error body (plain or chunked), else its text.
    static func hijackErrorMessage(_ body: [UInt8]) -> String? {
        if let open = body.firstIndex(of: UInt8(ascii: "{")), let close = body.lastIndex(of: UInt8(ascii: "}")), open < close {
            if let message = errorMessage(in: ByteBuffer(bytes: body[open...close])) { return message }
        }
        return errorMessage(in: ByteBuffer(bytes: body))
    }

    /// Opens a connection of its own to the daemon (unix socket, TCP, or TCP with TLS).
    func connectRaw(operation: String) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(connectTimeout))
        let configuration = NIOAsyncChannel<ByteBuffer, ByteBuffer>.Configuration(isOutboundHalfClosureEnabled: true)
        do {
            switch host.address {
            case .unix(let path):
                return try await bootstrap.connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: configuration)
                    }
                }
            case .tcp(let name, let port):
                let context = sslContext
                let serverName = Self.isIPAddress(name) ? nil : name
                return try await bootstrap.connect(host: name, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let context {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName))
                        }
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: configuration)
                    }
                }
            }
        } catch {
            throw mapTransportError(error, operation: operation, timeout: nil)
        }
    }

    static func isIPAddress(_ name: String) -> Bool {
        name.contains(":") || name.allSatisfy { $0.isNumber || $0 == "." }
    }
}

/// A connection the daemon has handed over (`101 UPGRADED`): bytes in both directions.
///
/// For an exec without a TTY the bytes from the daemon are multiplexed frames (see
/// ``DockerStreamDemultiplexer``); with a TTY they are the terminal's raw output.
public struct DockerRawStream {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var leftover: [UInt8]?
    /// Writes to the daemon (Sendable: a task of its own may forward stdin while another reads).
    public let writer: DockerStreamWriter

    init(iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, leftover: [UInt8],
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.iterator = iterator
        self.leftover = leftover.isEmpty ? nil : leftover
        self.writer = DockerStreamWriter(outbound: outbound)
    }

    /// The next bytes from the daemon; nil when it closed the connection.
    public mutating func read() async throws -> [UInt8]? {
        if let leftover {
            self.leftover = nil
            return leftover
        }
        guard let chunk = try await iterator.next() else { return nil }
        return Array(chunk.readableBytesView)
    }
}

/// The writing half of a ``DockerRawStream``.
public struct DockerStreamWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Sends `bytes` to the process's stdin (or terminal).
    public func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Closes the writing side (the process reads end of file); reading goes on.
    public func finish() {
        outbound.finish()
    }
}

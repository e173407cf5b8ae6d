import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

extension DockerClient {
    /// Builds a request for `path` (under `/v<version>` when a version is given).
    func makeRequest(_ method: HTTPMethod, path: String, version: DockerAPIVersion?, query: [(String, String)] = [],
                     json: ByteBuffer? = nil, headers extra: [(String, String)] = []) -> HTTPClientRequest {
        var uri = (version.map { "/v\($0)" } ?? "") + path
        if !query.isEmpty {
            uri += "?" + query.map { "\(Self.encodeQuery($0.0))=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: host.baseURL + uri)
        request.method = method
        if host.needsHostHeader {
            // dockerd answers 400 "missing required Host header" without one.
            request.headers.replaceOrAdd(name: "Host", value: "docker")
        }
        request.headers.add(name: "User-Agent", value: "poddeck")
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(json)
        }
        return request
    }

    /// Sends a request, turning transport failures into ``DockerError``s.
    func send(_ request: HTTPClientRequest, operation: String, timeout: Duration?) async throws -> HTTPClientResponse {
        logger.debug("docker request", metadata: ["operation": "\(operation)", "host": "\(host)"])
        let deadline: NIODeadline = timeout.map { .now() + TimeAmount($0) } ?? .distantFuture
        do {
            // The HTTP layer gets no logger of ours: nothing it might print (headers included)
            // can reach the application's logs.
            return try await http.execute(request, deadline: deadline)
        } catch {
            throw mapTransportError(error, operation: operation, timeout: timeout)
        }
    }

    /// Reads a whole response body up to `limit` bytes.
    func collect(_ response: HTTPClientResponse, operation: String, limit: Int) async throws -> ByteBuffer {
        do {
            return try await response.body.collect(upTo: limit)
        } catch let error as NIOTooManyBytesError {
            throw DockerError.malformedResponse(operation: operation, reason: "answer larger than \(limit) bytes (\(error))")
        } catch {
            throw mapTransportError(error, operation: operation, timeout: requestTimeout)
        }
    }

    /// The ``DockerError/api(status:message:operation:)`` for an error response: the
    /// `{"message":…}` text, else the body as text, else the status phrase.
    func apiError(_ response: HTTPClientResponse, operation: String) async -> DockerError {
        var body = ByteBuffer()
        do {
            for try await var chunk in response.body {
                let room = 64 * 1024 - body.readableBytes
                if room <= 0 { break }
                if chunk.readableBytes > room { chunk = chunk.getSlice(at: chunk.readerIndex, length: room) ?? chunk }
                body.writeBuffer(&chunk)
            }
        } catch {
            // Keep whatever arrived.
        }
        let message = Self.errorMessage(in: body) ?? response.status.reasonPhrase
        return .api(status: Int(response.status.code), message: message, operation: operation)
    }

    /// The `message` of a `{"message":…}` body, else the trimmed text.
    static func errorMessage(in body: ByteBuffer) -> String? {
        let data = Data(body.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let message = object["message"] as? String, !message.isEmpty {
            return message
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Decodes a JSON body.
    func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer, operation: String) throws(DockerError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch {
            throw .malformedResponse(operation: operation, reason: "cannot decode \(T.self): \(error)")
        }
    }

    /// Maps an error from the HTTP layer to a ``DockerError`` (cancellation stays cancellation).
    func mapTransportError(_ error: any Error, operation: String, timeout: Duration?) -> any Error {
        if error is CancellationError || error is DockerError { return error }
        let target = host.description
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .cancelled:
                return CancellationError()
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return DockerError.timedOut(operation: operation, host: target, after: timeout ?? requestTimeout)
            case .connectTimeout:
                return DockerError.cannotConnect(host: target, reason: "connection timed out")
            case .remoteConnectionClosed:
                return DockerError.cannotConnect(host: target, reason: "the daemon closed the connection")
            default:
                return DockerError.cannotConnect(host: target, reason: "\(httpError)")
            }
        }
        if let code = Self.errnoCode(of: error) {
            return DockerError.cannotConnect(host: target, reason: Self.errnoText(code))
        }
        if error is NIOSSLError || error is BoringSSLError {
            return DockerError.cannotConnect(host: target, reason: "TLS failed: \(error)")
        }
        return DockerError.cannotConnect(host: target, reason: "\(error)")
    }

    /// The errno behind a connection error, if there is one.
    static func errnoCode(of error: any Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        if let connection = error as? NIOConnectionError {
            for failure in connection.connectionErrors {
                if let code = errnoCode(of: failure.error) { return code }
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return ETIMEDOUT }
        return nil
    }

    /// `strerror` in lower case, e.g. `no such file or directory`.
    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// Percent-encodes a query key or value (only unreserved characters stay).
    static func encodeQuery(_ text: String) -> String {
        percentEncode(text, keeping: [])
    }

    /// Percent-encodes a path (unreserved characters, `/`, `:` and `@` stay).
    static func encodePath(_ text: String) -> String {
        percentEncode(text, keeping: [UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "@")])
    }

    private static func percentEncode(_ text: String, keeping extra: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                if extra.contains(byte) {
                    out.append(byte)
                } else {
                    out.append(UInt8(ascii: "%"))
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

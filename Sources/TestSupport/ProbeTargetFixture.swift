#if canImport(Glibc)
import Glibc
#endif
import ProbeTargets

/// Runs `body` with a started `ProbeTargetServer` on 127.0.0.1 (a free port from `PortAllocator`)
/// and stops the server afterwards, also when `body` throws.
@discardableResult
public func withProbeTarget<T>(
    mode: ProbeTargetServer.Mode = .http, profile: ProbeTargetServer.Profile = .healthy,
    _ body: (ProbeTargetServer) async throws -> T
) async throws -> T {
    let server = ProbeTargetServer(mode: mode, profile: profile)
    // Ports come from `PortAllocator`, so they never collide with `closedProbePort()`.
    var attempt = 0
    while true {
        do {
            try await server.start(host: "127.0.0.1", port: try PortAllocator.freePort())
            break
        } catch let error as TestSupportError {
            throw error
        } catch {
            attempt += 1
            if attempt >= 5 { throw error }
        }
    }
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}

/// A port on 127.0.0.1 that refuses connections (nothing listens on it).
public func closedProbePort() throws -> Int {
    let port = try PortAllocator.freePort()
    guard !PortAllocator.isListening(port) else { throw TestSupportError("port \(port) unexpectedly in use") }
    return port
}

/// Sends raw bytes to 127.0.0.1:`port` and returns everything the server answers until it closes
/// the connection (or `timeout` passes). For requests a probe client never makes, e.g. `POST`.
public func rawExchange(port: Int, _ request: String, timeout: Duration = .seconds(10)) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    let seconds = Int(timeout.components.seconds)
    var limit = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw TestSupportError("connect to 127.0.0.1:\(port) failed: errno \(errno)") }
    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw TestSupportError("send failed: errno \(errno)") }
        sent += n
    }
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        answer.append(contentsOf: buffer[..<n])
    }
    return String(decoding: answer, as: UTF8.self)
}

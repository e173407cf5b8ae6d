import Foundation

/// An HTTPS server (`openssl s_server -www`) on 127.0.0.1 whose certificate no client trusts: it
/// comes from a throwaway CA and can be expired. Answers every `GET` with 200 and a status page.
public final class ProbeTLSTarget: Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: ServerProcess

    private init(port: Int, process: ServerProcess) {
        self.port = port
        self.process = process
    }

    /// Starts the server and waits until it accepts connections.
    public static func start(expired: Bool = true) async throws -> ProbeTLSTarget {
        let ca = try await CertificateAuthority.make(name: "probe")
        let (cert, key) = try await ca.issue("probe-target", expired: expired)
        let port = try PortAllocator.freePort()
        let process = try ServerProcess.start(
            "openssl", ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key, "-www", "-quiet"],
            logPath: "\(ca.directory)/s_server.log", name: "openssl s_server")
        let target = ProbeTLSTarget(port: port, process: process)
        do {
            try await waitUntil("openssl s_server on port \(port) to listen\n\(process.logTail())") {
                guard process.isRunning else { throw TestSupportError("openssl s_server exited\n\(process.logTail())") }
                return PortAllocator.isListening(port)
            }
        } catch {
            process.stop()
            throw error
        }
        return target
    }

    /// Stops the server (by PID).
    public func stop() {
        process.stop()
    }
}

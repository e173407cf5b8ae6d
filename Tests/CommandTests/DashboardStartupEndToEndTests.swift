import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in tmux, started while etcd does not answer.
@Suite("dashboard start with etcd unreachable, end to end in tmux", .serialized)
struct DashboardStartupEndToEndTests {
    /// A port on 127.0.0.1 that takes connections (the kernel's backlog) and never answers: an
    /// etcd that hangs, so every attempt lasts until `--timeout`.
    final class SilentListener {
        struct Failure: Error { var what: String }
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(what: "socket") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound, listen(fd, 128) == 0 else {
                close(fd)
                throw Failure(what: "bind/listen")
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        func stop() { close(fd) }
    }

    @Test func startupSaysWhereItConnectsWhyItCannotReadAndWhenItRetries() async throws {
        let etcd = try SilentListener()
        defer { etcd.stop() }
        let endpoint = "127.0.0.1:\(etcd.port)"
        let tui = try await TmuxSession(
            command: "\(PodDeckBinary.path) -A --endpoints http://\(endpoint) --poll-interval 1s --dial-timeout 3s --timeout 4s",
            width: 80, height: 24)
        defer { tui.stop() }

        // Feedback before the first attempt has an answer (it hangs for seconds): which endpoint is
        // tried. On a loaded machine the first capture may come after that attempt failed; the
        // header names the endpoint either way.
        let connecting = try await tui.waitFor("the endpoint being tried") {
            $0.contains("connecting to \(endpoint)") || $0.contains("could not read pods from etcd")
        }
        #expect(connecting.contains("etcd \(endpoint)"), "the header names the endpoint:\n\(connecting)")

        // Once the attempt fails: why, in the body and first in the banner; never "no pods".
        let failed = try await tui.waitFor("the reason nothing could be read", timeout: .seconds(30)) { $0.contains("could not read pods from etcd") }
        #expect(!failed.contains("no pods in any namespace"), "nothing was read:\n\(failed)")
        let lines = failed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2].hasPrefix(" ⚠ etcd unreachable: etcd"), "the banner starts with the reason:\n\(failed)")
        #expect(failed.contains(endpoint))

        // While the next attempt is under way the countdown says so, not "retrying in 0s".
        let retrying = try await tui.waitFor("a retry under way", timeout: .seconds(30)) { $0.contains("retrying now") }
        #expect(!retrying.contains("retrying in 0s"))

        try await tui.type("q")
        try await tui.waitFor(text: "[exited 0 ]")
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor (stdin, the terminal) on a thread of its own and hands each read to
/// `handler` (nil at end of file); ``stop()`` ends it at once, so nothing is read after it (the
/// dashboard gets its terminal back without a stolen key).
final class InputPump: @unchecked Sendable {
    private let fd: Int32
    private let wake: [Int32]
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    /// A pump over `fd` (not started).
    init(fd: Int32) {
        self.fd = fd
        var pipeFDs: [Int32] = [0, 0]
        _ = pipe(&pipeFDs)
        self.wake = pipeFDs
    }

    /// Starts reading; `handler` runs on the pump's thread.
    func start(_ handler: @escaping @Sendable ([UInt8]?) -> Void) {
        let fd = self.fd
        let wakeFD = wake[0]
        let thread = Thread { [self] in
            defer { done.signal() }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&fds, 2, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    handler(nil)
                    return
                }
                if fds[1].revents != 0 || isStopped { return }
                guard fds[0].revents != 0 else { continue }
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                if isStopped { return }
                if n <= 0 {
                    handler(nil)
                    return
                }
                handler(Array(buffer[0..<n]))
            }
        }
        lock.withLock { self.thread = thread }
        thread.start()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Stops reading and waits for the thread to end.
    func stop() {
        let started = lock.withLock { () -> Bool in
            guard !stopped else { return false }
            stopped = true
            return thread != nil
        }
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        if started { done.wait() }
    }

    deinit {
        close(wake[0])
        close(wake[1])
    }
}

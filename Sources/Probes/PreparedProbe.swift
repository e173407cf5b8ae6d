import NIOCore
import Synchronization

/// A handler made ready to run many times on an event loop.
protocol PreparedProbe: Sendable {
    /// Starts one run on `loop`; `done` is called exactly once, on `loop`, within `timeout` (plus
    /// the loop's own latency). Call `cancel()` on the handle to end the run early (`done` then
    /// gets an `.unknown` "probe cancelled" result).
    func start(on loop: any EventLoop, timeout: Duration,
               _ done: @escaping @Sendable (ProbeResult) -> Void) -> any ProbeRunHandle
}

extension PreparedProbe {
    /// Runs once and waits for the result; cancelling the task cancels the run.
    func run(on loop: any EventLoop, timeout: Duration) async -> ProbeResult {
        let handle = Mutex<(any ProbeRunHandle)?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
                let run = start(on: loop, timeout: timeout) { continuation.resume(returning: $0) }
                handle.withLock { $0 = run }
                if Task.isCancelled { run.cancel() }
            }
        } onCancel: {
            handle.withLock { $0 }?.cancel()
        }
    }
}

import NIOCore
import Synchronization

/// A prober that can run handlers as callbacks on one event loop, with no task per run.
///
/// The scheduler uses it (with the real clock) to keep each probe's whole life on one loop: the
/// tick timer, the run and the result all happen there.
protocol EventLoopProber: Prober {
    /// The loops runs are placed on.
    var eventLoopGroup: any EventLoopGroup { get }
    /// What can be computed once per handler (URL, request head, socket address), or nil when the
    /// handler needs the async ``Prober/probe(_:timeout:)`` path (e.g. exec).
    func prepare(_ handler: ProbeHandler) -> (any PreparedProbe)?
}

/// A handler made ready to run many times on an event loop.
protocol PreparedProbe: Sendable {
    /// Starts one run on `loop`; `done` is called exactly once, on `loop`, within `timeout` (plus
    /// the loop's own latency). Call `cancel()` on the handle to end the run early (`done` then
    /// gets an `.unknown` "probe cancelled" result).
    func start(on loop: any EventLoop, timeout: Duration,
               _ done: @escaping @Sendable (ProbeResult) -> Void) -> any ProbeRunHandle
}

/// One run in flight.
protocol ProbeRunHandle: Sendable {
    /// Ends the run early; safe from any thread, a no-op once the run finished.
    func cancel()
}

extension ProbeResult {
    /// The result of a run that was cancelled.
    static let cancelled = ProbeResult(outcome: .unknown, message: "probe cancelled")
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

extension Duration {
    /// The time from `start` to now.
    static func probeLatency(since start: NIODeadline) -> Duration {
        .nanoseconds((NIODeadline.now() - start).nanoseconds)
    }
}

extension Duration {
    /// The duration as a NIO `TimeAmount` (negative durations become zero).
    var probeTimeAmount: TimeAmount {
        .nanoseconds(Swift.max(0, probeNanoseconds))
    }
}

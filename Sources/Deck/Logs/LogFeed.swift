import Docker
import Foundation
import Ops
import Probes
import Screen
import Synchronization
import TerminalText

/// One logs view's stream, run by the runtime: reads the container's log through the Docker
/// Engine API and hands the lines to `update` in batches, one batch in flight at a time.
///
/// While a batch is in flight the next lines wait here; at most twice the ring's capacity wait
/// (older ones would drop out of the view's ring anyway and are counted as skipped), so memory
/// stays bounded however fast the container writes, and no line of the window is lost or
/// reordered. When the stream ends (the container stopped) the feed waits for the container to
/// run again, or for the pod's status to name a new container, and reconnects from the last
/// time stamp it saw, skipping the lines it already delivered.
final class LogFeed: Sendable {
    /// What the stream reads and how it starts.
    struct Source: Sendable {
        var client: DockerClient
        var store: PodStore
        var pod: PodKey
        var container: String
        /// `tail` of the first connection (nil: all).
        var tail: Int?
        /// Lines newer than this on the first connection.
        var since: Duration?
        /// How often a stopped container is looked at again.
        var pollInterval: Duration = .seconds(1)
    }

    private struct Pending {
        var lines: [LogEntry] = []
        var skipped = 0
        var inFlight = false
    }

    let session: Int
    let capacity: Int
    private let send: MessageSink
    private let pending = Mutex(Pending())
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(session: Int, capacity: Int, send: MessageSink) {
        self.session = session
        self.capacity = max(1, capacity)
        self.send = send
    }

    /// Starts reading `source`.
    func start(_ source: Source) {
        let running = Task { [self] in await self.run(source) }
        task.withLock { $0 = running }
    }

    /// Stops reading.
    func stop() {
        task.withLock { $0?.cancel() }
    }

    /// `update` took the last batch: send what waits, if anything.
    func acknowledge() {
        let batch = pending.withLock { state -> (lines: [LogEntry], skipped: Int)? in
            guard !state.lines.isEmpty || state.skipped > 0 else {
                state.inFlight = false
                return nil
            }
            defer { state.lines = []; state.skipped = 0 }
            return (state.lines, state.skipped)
        }
        if let batch { send.yield(.containers(.lines(session: session, batch.lines, skipped: batch.skipped))) }
    }

    /// Queues lines for `update`.
    func deliver(_ lines: [LogEntry]) {
        guard !lines.isEmpty else { return }
        let batch = pending.withLock { state -> (lines: [LogEntry], skipped: Int)? in
            state.lines.append(contentsOf: lines)
            if state.lines.count > 2 * capacity {
                let drop = state.lines.count - capacity
                state.lines.removeFirst(drop)
                state.skipped += drop
            }
            guard !state.inFlight else { return nil }
            state.inFlight = true
            defer { state.lines = []; state.skipped = 0 }
            return (state.lines, state.skipped)
        }
        if let batch { send.yield(.containers(.lines(session: session, batch.lines, skipped: batch.skipped))) }
    }

    private func status(_ status: LogStreamStatus) {
        send.yield(.containers(.status(session: session, status)))
    }

    private func run(_ source: Source) async {
        let access = ContainerAccess(client: source.client)
        var currentID = ""
        var replay = LogReplayFilter()
        var firstConnection = true
        var startedAt = ""
        var restarts = 0
        var drained = ""
        var draining = false
        var stoppedAt = ""
        while !Task.isCancelled {
            let target: ContainerTarget
            do {
                guard let record = try await source.store.get(source.pod) else {
                    status(.failed("pod \(source.pod) no longer exists"))
                    return
                }
                target = try ContainerTarget.resolve(record, container: source.container)
            } catch let failure as CommandFailure {
                status(.failed(failure.description))
                return
            } catch {
                status(.failed("cannot read pod \(source.pod): \(error)"))
                guard await pause(source.pollInterval * 3) else { return }
                continue
            }
            if target.containerID.isEmpty {
                status(.stopped(container: "(none yet)", state: target.reportedState))
                guard await pause(source.pollInterval) else { return }
                continue
            }
            let info: ContainerInfo
            do {
                info = try await access.confirm(containerID: target.containerID, owner: target.owner, running: false)
            } catch let refusal as ExecRefusal {
                status(.failed("\(refusal.reason); no logs read"))
                return
            } catch {
                status(.failed("\(error)"))
                guard await pause(source.pollInterval * 3) else { return }
                continue
            }
            let short = ContainerAccess.short(info.id)
            var options = LogOptions(follow: info.running, timestamps: true)
            if !firstConnection && info.id != currentID {
                deliver([.marker("new container \(short) (\(info.running ? "running" : Self.describe(info)))")])
            } else if !firstConnection && !startedAt.isEmpty && info.startedAt != startedAt {
                deliver([Self.restartMarker(short, info, restartsBefore: restarts)])
            }
            startedAt = info.startedAt
            restarts = info.restartCount
            if info.id != currentID {
                currentID = info.id
                replay = LogReplayFilter()
                if firstConnection {
                    options.tail = source.tail
                    if let since = source.since {
                        options.since = String(format: "%.9f", Date().timeIntervalSince1970 - DurationText.seconds(since))
                    }
                }
            } else if let since = DockerClient.sinceValue(forTimestamp: replay.lastStamp) {
                options.since = since
            } else if firstConnection {
                options.tail = source.tail
            }
            firstConnection = false
            status(info.running ? .live(container: short) : .stopped(container: short, state: Self.describe(info)))
            var splitter = LogLineSplitter(timestamps: true)
            // The read after a followed stream ended is held back until it is known whether the
            // container started again meanwhile: its lines may already include the next run's.
            var held: [LogEntry]? = draining && !info.running ? [] : nil
            draining = false
            replay.reread()
            do {
                try await source.client.logs(containerID: info.id, options: options, tty: info.tty) { stream, bytes in
                    let lines = Self.entries(splitter.feed(stream, bytes), replay: &replay)
                    if held != nil { held?.append(contentsOf: lines) } else { deliver(lines) }
                }
                let last = Self.entries(splitter.finish(), replay: &replay)
                if held != nil { held?.append(contentsOf: last) } else { deliver(last) }
                if let held {
                    let now = try? await source.client.containerInspect(info.id)
                    if let now, now.startedAt != startedAt, let start = Self.seconds(now.startedAt) {
                        // Restarted: the marker goes before the first line of the new run. The
                        // daemon stamps a run's first lines a little before its StartedAt and the
                        // last ones a little after the FinishedAt before it, so the runs are told
                        // apart halfway between the two (a restart waits at least 100 ms).
                        let boundary = Self.seconds(stoppedAt).map { ($0 + start) / 2 } ?? start
                        let split = held.firstIndex { Self.seconds($0.timestamp).map { $0 >= boundary } ?? false } ?? held.count
                        deliver(Array(held[..<split]))
                        deliver([Self.restartMarker(short, now, restartsBefore: restarts)])
                        deliver(Array(held[split...]))
                        startedAt = now.startedAt
                        restarts = now.restartCount
                    } else {
                        deliver(held)
                    }
                }
            } catch {
                if Task.isCancelled { return }
                status(.failed("\(error)"))
                guard await pause(source.pollInterval * 3) else { return }
                continue
            }
            // The stream ended: the container stopped (or the daemon let go). Wait for it to run
            // again, or for the pod to name another container.
            var shownStopped = false
            while !Task.isCancelled {
                guard let now = try? await source.client.containerInspect(info.id) else { break }
                if now.running { break }
                // A followed stream can end before the daemon has handed over the last lines of a
                // container that just stopped: read once more, without following, from the last
                // time stamp (lines already delivered are skipped).
                if info.running && drained != now.startedAt {
                    drained = now.startedAt
                    stoppedAt = now.finishedAt
                    draining = true
                    break
                }
                if !shownStopped {
                    status(.stopped(container: short, state: Self.describe(now)))
                    shownStopped = true
                }
                guard await pause(source.pollInterval) else { return }
                if let record = try? await source.store.get(source.pod),
                   let next = try? ContainerTarget.resolve(record, container: source.container),
                   !next.containerID.isEmpty, !info.id.hasPrefix(next.containerID) {
                    break
                }
            }
        }
    }

    /// Waits; false when cancelled.
    private func pause(_ duration: Duration) async -> Bool {
        do {
            try await Task.sleep(for: duration)
            return true
        } catch {
            return false
        }
    }

    /// Sanitised entries, without the lines a reconnection sends again (time stamps before the
    /// last one delivered, and as many at that time stamp as were delivered; see
    /// ``LogReplayFilter``, which `poddeck logs -f` shares).
    static func entries(_ lines: [LogLine], replay: inout LogReplayFilter) -> [LogEntry] {
        var out: [LogEntry] = []
        out.reserveCapacity(lines.count)
        for line in lines where replay.admits(line.timestamp) {
            out.append(LogEntry(stream: line.stream, timestamp: Sanitizer.clean(line.timestamp), text: Sanitizer.clean(bytes: line.bytes)))
        }
        return out
    }

    /// An RFC 3339 time stamp as UNIX seconds (nil when it is not one).
    static func seconds(_ stamp: String) -> Double? {
        DockerClient.sinceValue(forTimestamp: stamp).flatMap(Double.init)
    }

    /// The marker for a container that runs again. Several restarts between two connections (a
    /// container that fails fast, a slow machine) are one marker that counts them, from the
    /// daemon's restart count; a restart by hand is not counted there, so it is at least one.
    static func restartMarker(_ short: String, _ info: ContainerInfo, restartsBefore: Int) -> LogEntry {
        let times = info.restartCount - restartsBefore
        let start = Sanitizer.clean(info.startedAt)
        return .marker(times > 1 ? "container \(short) restarted \(times) times, last at \(start)" : "container \(short) restarted at \(start)")
    }

    static func describe(_ info: ContainerInfo) -> String {
        info.status == "exited" ? "exited with code \(info.exitCode)" : info.status
    }
}

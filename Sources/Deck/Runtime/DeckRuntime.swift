import Etcd
import Foundation
import Logging
import Ops
import Screen

/// Runs the dashboard: turns input and I/O results into messages, feeds them to `update`,
/// carries out the effects, and redraws (coalesced to at most ~60 frames a second, and only
/// cells that changed reach the terminal). The only place that does I/O and owns tasks.
@MainActor
public final class DeckRuntime {
    /// The current state (read by tests).
    public private(set) var state: AppState
    let backend: any TerminalBackend
    /// The pod sync of the cluster shown (replaced by a context switch).
    var sync: PodSync
    /// The settings in use (those of the context switched to, after a switch).
    var settings: DeckSettings
    /// The flags and environment the settings came from, to resolve another context (nil: no
    /// contexts, as in tests).
    let source: SettingsSource?
    let environment: [String: String]
    let messages: AsyncStream<Envelope>
    let continuation: AsyncStream<Envelope>.Continuation
    /// Bumped by every context switch; messages stamped with an older one are dropped.
    var clusterEpoch = 0
    /// Where the parts bound to the current cluster send their messages.
    var send: MessageSink
    /// Where input, the clock and the context listing send theirs (bound to no cluster).
    let local: MessageSink
    /// Rung to poll now (each cluster's poll loop has its own).
    var alarm = Alarm()
    let logger = Logger(label: "poddeck.dashboard")
    var tasks: [Task<Void, Never>] = []
    /// The current cluster's poll loop.
    var pollTask: Task<Void, Never>?
    var watchTask: Task<Void, Never>?
    var watchGeneration = -1
    /// Whether the watch is established (between `.connected` and `.interrupted`).
    var watchLive = false
    /// Rung to send the watch a progress request.
    var watchProgress: Alarm?
    /// Set by "refresh now": the next poll lists every key even with a healthy watch.
    var forceFullPoll = false
    /// Free heap to hand back at the next tick (after a first listing).
    var trimPending = false
    var lastFrame: Buffer?
    var lastDraw = ContinuousClock.now
    var redrawPending = false
    /// Frames drawn (for tests and benchmarks).
    public private(set) var framesDrawn = 0
    var suspended = false
    /// Key-to-screen times, when `PODDECK_KEY_TRACE` names a file.
    lazy var keyTrace = KeyLatencyTrace(environment: environment)
    lazy var live = LiveFeeds(settings: settings, environment: environment, send: send)
    lazy var edits = makeEdits()
    lazy var containers = makeContainers()

    /// The editing engine for the current cluster.
    func makeEdits() -> EditDriver {
        EditDriver(store: sync.store, settings: settings, environment: environment, send: send) { [weak self] run in
            guard let self else { return await run() }
            return await self.whileSuspended(run)
        }
    }

    /// Logs and shells for the current cluster.
    func makeContainers() -> ContainerDriver {
        ContainerDriver(store: sync.store, settings: settings, environment: environment, send: send) { [weak self] run in
            guard let self else { return await run() }
            await self.whileShellRuns(run)
        }
    }

    /// Hands the terminal to another program (the editor) for the duration of `run`.
    func whileSuspended(_ run: @MainActor () async -> EditorExit) async -> EditorExit {
        suspended = true
        backend.suspend()
        let exit = await run()
        backend.resume()
        suspended = false
        lastFrame = nil
        draw()
        return exit
    }

    /// Creates a runtime over a terminal and a store. With a `source`, `:ctx` can list and
    /// switch to the contexts of its config file.
    public init(settings: DeckSettings, store: PodStore, backend: any TerminalBackend, theme: Theme,
                source: SettingsSource? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) {
        self.settings = settings
        self.source = source
        self.backend = backend
        self.environment = environment
        let namespace = settings.allNamespaces ? nil : settings.effectiveNamespace
        self.sync = PodSync(store: store, namespace: namespace, probeOptions: settings.probes ? ProbePlanOptions(settings: settings) : nil)
        self.state = AppState(now: now, size: backend.size, namespace: namespace, theme: theme,
                              readonly: settings.readonly, pollInterval: settings.pollInterval)
        (messages, continuation) = AsyncStream<Envelope>.makeStream(bufferingPolicy: .unbounded)
        send = MessageSink(continuation: continuation, epoch: 0)
        local = MessageSink(continuation: continuation, epoch: nil)
        state.logSettings = LogSettings(settings)
        state.autoPull = AutoPullState(enabled: settings.autoPull)
        state.context = settings.context
    }

    /// Runs until the user quits or `input` ends.
    public func run(input: AsyncStream<InputEvent>) async {
        let send = self.local
        let keyTrace = self.keyTrace
        tasks.append(Task {
            for await event in input {
                switch event {
                case .key(let k):
                    keyTrace?.arrived()
                    send.yield(.key(k))
                case .mouse(let m): send.yield(.mouse(m))
                case .resize(let s): send.yield(.resize(s))
                }
            }
            send.yield(.key(.ctrl("c")))
        })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                send.yield(.tick(Date()))
            }
        })
        pollTask = pollLoop()
        state.probesEnabled = settings.probes
        state.probeMaxPods = settings.probeMaxPods
        state.probeEpoch = Date()
        live.start()
        draw()
        for await envelope in messages {
            // A message from a cluster the dashboard has left is not applied.
            if let epoch = envelope.epoch, epoch != clusterEpoch { continue }
            dispatch(envelope.msg)
            if state.shouldQuit { break }
            if case .key = envelope.msg {
                // A key is answered at once; only the I/O that streams in is coalesced.
                keyTrace?.handledKey()
                draw()
            } else {
                requestRedraw()
            }
        }
        for task in tasks { task.cancel() }
        pollTask?.cancel()
        watchTask?.cancel()
        await live.stop()
        await containers.stop()
    }

    /// Applies `msg` and carries out the effects.
    func dispatch(_ msg: Msg) {
        let loading = state.connection.loading
        let effects = DeckUpdate.update(&state, msg)
        if case .synced(let delta) = msg, delta.generation == state.generation {
            if live.synced(delta) {
                // Probe plans dropped past `probes.maxPods` are wanted again: list again.
                perform(.relist(namespace: state.namespace, generation: state.generation))
            }
            // A first listing leaves the pages it decoded free but resident: hand them back
            // at the next tick, once the listing's last buffers are gone too.
            if loading && !state.connection.loading { trimPending = true }
        }
        if case .tick = msg, trimPending {
            trimPending = false
            HeapTrim.releaseFreeMemory()
        }
        for effect in effects { perform(effect) }
    }

    /// Closes the etcd connections of the cluster shown.
    public func close() async { await sync.store.etcd.close() }

    // MARK: - Effects

    func perform(_ effect: Effect) {
        switch effect {
        case .refreshNow:
            forceFullPoll = true
            alarm.ring()
        case .relist(let namespace, let generation):
            stopWatch()
            let sync = self.sync
            let alarm = self.alarm
            Task {
                await sync.reset(namespace: namespace, generation: generation)
                alarm.ring()
            }
        case .loadPod(let key):
            let store = sync.store
            let send = self.send
            Task {
                do throws(StoreError) {
                    let record = try await store.get(key)
                    send.yield(.podLoaded(key, record: record, error: nil))
                } catch {
                    send.yield(.podLoaded(key, record: nil, error: error.description))
                }
            }
        case .loadTheme(let name):
            do {
                let theme = try ThemeCatalog.load(name, colorCount: backend.colorCount, environment: environment)
                local.yield(.themeLoaded(theme))
            } catch {
                local.yield(.themeFailed(error.description))
            }
        case .quit:
            break
        case .edit(let request):
            let edits = self.edits
            Task { await edits.perform(request) }
        case .pull(let refs, let reason):
            let live = self.live
            Task { await live.pull(refs, reason: reason) }
        case .cancelPulls(let refs):
            let live = self.live
            Task { await live.cancel(refs) }
        case .pauseProbes(let paused):
            let live = self.live
            Task { await live.pauseProbes(paused) }
        case .containers(let request):
            containers.perform(request)
        case .listContexts(let id):
            listContexts(id)
        case .switchContext(let name):
            switchContext(to: name)
        }
    }

    // MARK: - Polling and watching

    /// Polls every poll interval (or when rung) until cancelled.
    func pollLoop() -> Task<Void, Never> {
        let alarm = self.alarm
        let interval = settings.pollInterval
        let sync = self.sync
        return Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                await self.pollOnce(sync)
                await alarm.wait(upTo: interval)
            }
        }
    }

    /// One poll. With a healthy watch of the current generation it is the cheap check (one
    /// single-key read); a full listing runs on the first poll, every resync interval, on "refresh
    /// now", and whenever the watch is off, down or stuck.
    func pollOnce(_ sync: PodSync) async {
        let send = self.send
        let generation = await sync.currentGeneration
        do throws(EtcdError) {
            if settings.watch, !forceFullPoll, watchTask != nil, watchLive, watchGeneration == generation {
                let check = try await sync.check(now: Date(), resyncInterval: settings.resyncInterval)
                // A context switch meanwhile: this loop's cluster is gone.
                guard sync === self.sync else { return }
                switch check {
                case .inSync(let delta):
                    send.yield(.synced(delta))
                    return
                case .askProgress(let delta):
                    watchProgress?.ring()
                    send.yield(.synced(delta))
                    return
                case .list(let reason):
                    logger.debug("listing every key: \(reason)")
                case .restartWatch(let reason):
                    logger.info("restarting the watch: \(reason)")
                    stopWatch()
                }
            }
            if sync === self.sync { forceFullPoll = false }
            let delta = try await sync.poll(now: { Date() }, firstPage: { send.yield(.synced($0)) })
            send.yield(.synced(delta))
            await ensureWatch(sync, generation: generation, from: delta.revision + 1)
        } catch {
            if error.kind != .cancelled {
                let now = Date()
                let next = now.addingTimeInterval(DurationText.seconds(settings.pollInterval))
                send.yield(.syncFailed(reason: error.description, at: now, nextRetry: next, generation: generation))
            }
        }
    }

    /// Starts the watch for `generation` from `revision` unless one runs for it already.
    func ensureWatch(_ sync: PodSync, generation: Int, from revision: Int64) async {
        guard sync === self.sync, settings.watch, watchGeneration != generation || watchTask == nil else { return }
        let prefix = await sync.prefix
        guard sync === self.sync, watchGeneration != generation || watchTask == nil, await sync.currentGeneration == generation else { return }
        stopWatch()
        watchGeneration = generation
        let send = self.send
        let alarm = self.alarm
        let etcd = sync.store.etcd
        let progress = Alarm()
        watchProgress = progress
        watchTask = Task { [weak self] in
            await sync.watchRestarted()
            for await update in etcd.watch(prefix: prefix, fromRevision: revision, progress: progress) {
                if Task.isCancelled { return }
                switch update {
                case .events(let events, let revision):
                    if let delta = await sync.apply(events, at: Date(), endpoint: etcd.currentEndpoint.authority,
                                                    revision: revision, watchGeneration: generation) {
                        send.yield(.synced(delta))
                    }
                case .progress(let revision):
                    await sync.progress(revision, watchGeneration: generation)
                case .connected:
                    self?.watchLive = true
                    send.yield(.watchState(active: true, generation: generation))
                case .interrupted:
                    self?.watchLive = false
                    send.yield(.watchState(active: false, generation: generation))
                case .compacted:
                    // History is gone: relist by polling, and start a new watch from there.
                    send.yield(.watchState(active: false, generation: generation))
                    self?.clearWatch()
                    alarm.ring()
                    return
                }
            }
        }
    }

    /// Cancels the watch, if any.
    func stopWatch() {
        watchTask?.cancel()
        watchTask = nil
        watchGeneration = -1
        watchLive = false
        watchProgress = nil
    }

    func clearWatch() {
        watchTask = nil
        watchLive = false
    }

    // MARK: - Drawing

    func requestRedraw() {
        let elapsed = ContinuousClock.now - lastDraw
        let frame = Duration.milliseconds(16)
        if elapsed >= frame {
            draw()
        } else if !redrawPending {
            redrawPending = true
            Task { [weak self] in
                try? await Task.sleep(for: frame - elapsed)
                self?.redrawPending = false
                self?.draw()
            }
        }
    }

    /// Renders the state and flushes what changed.
    public func draw() {
        guard !suspended else { return }
        if state.size != backend.size { state.size = backend.size }
        let frame = DeckRenderer.render(state)
        lastDraw = ContinuousClock.now
        defer { keyTrace?.frameDone() }
        guard frame != lastFrame else { return }
        backend.draw(frame)
        lastFrame = frame
        framesDrawn += 1
    }

    /// Feeds a message as if it came from input or I/O (tests).
    public func inject(_ msg: Msg) { local.yield(msg) }
}

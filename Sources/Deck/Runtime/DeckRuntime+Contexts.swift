import Etcd
import Foundation
import Logging
import Ops

extension DeckRuntime {
    /// `:ctx`: reads the config file again, lists its contexts at once, then asks each cluster
    /// for its status in the background (a short deadline each); the answers arrive one by one.
    func listContexts(_ id: Int) {
        guard let source else {
            local.yield(.contextsListed(ContextListing(id: id, error: "no contexts: the dashboard was started without a config file")))
            return
        }
        let file: ConfigFile?
        do throws(SettingsError) { file = try source.configFile() } catch {
            local.yield(.contextsListed(ContextListing(id: id, configPath: source.configPath, error: error.description)))
            return
        }
        var rows: [ContextRow] = []
        var checks: [(String, DeckSettings)] = []
        for context in file?.contexts ?? [] {
            do throws(SettingsError) {
                let settings = try SettingsResolver.resolve(flags: source.flags, environment: source.environment, file: file,
                                                            context: context.name)
                rows.append(ContextRow(name: context.name, endpoints: settings.endpoints, readonly: settings.readonly, reach: .checking))
                checks.append((context.name, settings))
            } catch {
                rows.append(ContextRow(name: context.name, endpoints: [], readonly: false, reach: .invalid(error.description)))
            }
        }
        local.yield(.contextsListed(ContextListing(id: id, configPath: file?.path ?? source.configPath, rows: rows)))
        let local = self.local
        let environment = self.environment
        for (name, settings) in checks {
            Task.detached {
                let reach = await ContextCheck.reach(settings, environment: environment)
                local.yield(.contextReach(listing: id, name: name, reach))
            }
        }
    }

    /// `:ctx NAME`: resolves the context's settings, its theme and an etcd client first (any
    /// failure leaves everything as it was); then tears down this cluster's poll loop, watch,
    /// probes, pulls, editing engine and streams, starts those of the new one under a new
    /// cluster epoch (so nothing the old ones still send is applied), and starts the screen over.
    func switchContext(to name: String) {
        guard let source else {
            dispatch(.contextFailed("no contexts: the dashboard was started without a config file"))
            return
        }
        let next: DeckSettings
        do throws(SettingsError) { next = try source.resolve(context: name) } catch {
            dispatch(.contextFailed(error.description))
            return
        }
        var theme = state.theme
        if next.theme != settings.theme {
            do { theme = try ThemeCatalog.load(next.theme, colorCount: backend.colorCount, environment: environment) } catch {
                dispatch(.contextFailed("context \(name): theme \(next.theme): \(error.description)"))
                return
            }
        }
        var warnings: [String] = []
        let etcd: EtcdClient
        do throws(CommandFailure) {
            // No password prompt over the dashboard: a context needs passwordFile or ETCDCTL_PASSWORD.
            etcd = try EtcdConnector.client(next, environment: environment, prompt: nil, warn: { warnings.append($0) })
        } catch {
            dispatch(.contextFailed("context \(name): \(error.description)"))
            return
        }

        // Leave the old cluster: nothing it still sends will be applied.
        let oldStore = sync.store
        let oldLive = live
        let oldContainers = containers
        pollTask?.cancel()
        pollTask = nil
        stopWatch()
        clusterEpoch += 1
        send = MessageSink(continuation: continuation, epoch: clusterEpoch)
        alarm = Alarm()
        forceFullPoll = false
        Task {
            await oldContainers.stop()
            await oldLive.stop()
            await oldStore.etcd.close()
        }

        // Join the new one.
        settings = next
        let generation = state.generation + 1
        let namespace = next.allNamespaces ? nil : next.effectiveNamespace
        sync = PodSync(store: PodStore(etcd: etcd, prefix: next.prefix), namespace: namespace,
                       probeOptions: next.probes ? ProbePlanOptions(settings: next) : nil, generation: generation)
        live = LiveFeeds(settings: next, environment: environment, send: send)
        edits = makeEdits()
        containers = makeContainers()
        dispatch(.contextSwitched(ContextSwitch(
            context: next.context, generation: generation, namespace: namespace, readonly: next.readonly,
            pollInterval: next.pollInterval, probesEnabled: next.probes, logSettings: LogSettings(next), theme: theme,
            endpoints: etcd.configuration.endpoints.map(\.authority), probeEpoch: Date(), autoPull: next.autoPull,
            probeMaxPods: next.probeMaxPods)))
        for warning in warnings { dispatch(.contextFailed(warning)) }
        live.start()
        pollTask = pollLoop()
    }
}

/// Whether a context's cluster answers: one status call with a short deadline.
enum ContextCheck {
    /// The longest a listing waits to connect to one endpoint (less when the context says less).
    static let dialTimeout: Duration = .seconds(2)
    /// The longest a listing waits for one cluster's answer, retries included.
    static let timeout: Duration = .seconds(3)

    /// Asks the cluster of `settings` for its status; never prompts for a password.
    static func reach(_ settings: DeckSettings, environment: [String: String]) async -> ContextReach {
        var quick = settings
        quick.dialTimeout = min(settings.dialTimeout, dialTimeout)
        quick.timeout = min(settings.timeout, timeout)
        let client: EtcdClient
        do throws(CommandFailure) {
            client = try EtcdConnector.client(quick, environment: environment, prompt: nil, warn: { _ in },
                                              logger: Logger(label: "poddeck.contexts"))
        } catch {
            return .invalid(error.description)
        }
        do throws(EtcdError) {
            let status = try await client.status()
            await client.close()
            return .reachable(version: status.version, revision: status.revision)
        } catch {
            await client.close()
            return .unreachable(error.description)
        }
    }
}

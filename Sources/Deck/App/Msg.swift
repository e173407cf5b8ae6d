import Foundation
import Ops
import Screen
import Probes

/// Everything that can happen: input, time, and results of effects.
public enum Msg: Sendable {
    /// A key.
    case key(Key)
    /// A mouse event.
    case mouse(MouseEvent)
    /// The terminal was resized.
    case resize(Size)
    /// A clock tick (ages, freshness, expiring marks and messages).
    case tick(Date)
    /// The runtime starts connecting to these etcd endpoints (shown until the first answer).
    case connecting(endpoints: [String])
    /// A sync succeeded.
    case synced(SyncDelta)
    /// A sync failed; data shown is stale.
    case syncFailed(reason: String, at: Date, nextRetry: Date, generation: Int)
    /// The watch started or stopped delivering.
    case watchState(active: Bool, generation: Int)
    /// A pod requested by the detail/YAML view arrived.
    case podLoaded(PodKey, record: PodRecord?, error: String?)
    /// A theme was loaded.
    case themeLoaded(Theme)
    /// A theme failed to load.
    case themeFailed(String)
    /// The editing engine reports.
    case edit(EditEvent)
    /// Probe results (batched).
    case probeUpdates([ProbeUpdate])
    /// More pods declare probes than `probes.maxPods` (their count), so none is probed; nil: within it.
    case probesOverLimit(Int?)
    /// Pull progress (batched).
    case pullEvents([PullEvent])
    /// Image presence answers, and whether Docker is available.
    case imageStatuses([String: ImageStatus], docker: DockerAvailability)
    /// Logs and shell results.
    case containers(ContainerEvent)
    /// The contexts of the config file were read (each cluster still being asked).
    case contextsListed(ContextListing)
    /// A context's cluster answered, or did not, for listing `listing`.
    case contextReach(listing: Int, name: String, ContextReach)
    /// The runtime connected to another context: the screen starts over for it.
    case contextSwitched(ContextSwitch)
    /// Switching context failed before anything changed.
    case contextFailed(String)
}

/// Side effects `update` asks the runtime to carry out.
public enum Effect: Sendable, Equatable {
    /// Sync now instead of waiting for the poll timer.
    case refreshNow
    /// Start over with a new namespace (nil = all).
    case relist(namespace: String?, generation: Int)
    /// Load one pod for the detail/YAML view.
    case loadPod(PodKey)
    /// Load a theme by name.
    case loadTheme(String)
    /// Exit.
    case quit
    /// Ask the editing engine.
    case edit(EditRequest)
    /// Pull these images (normalised references), for this reason (a key, or `--auto-pull`).
    case pull([String], reason: PullReason = .requested)
    /// Cancel the pulls of these images (normalised references; empty: every active pull).
    case cancelPulls([String])
    /// Pause or resume probing.
    case pauseProbes(Bool)
    /// Logs and shell actions.
    case containers(ContainerRequest)
    /// Read the config file's contexts and ask each cluster whether it answers (listing `id`).
    case listContexts(id: Int)
    /// Leave this cluster for the context called so: a new etcd client, pod sync, watch, probes
    /// and pulls with its settings.
    case switchContext(String)
}

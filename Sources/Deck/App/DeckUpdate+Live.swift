import Foundation
import Ops
import PodModel
import Probes
import Screen

extension DeckUpdate {
    /// Pull and probe intents.
    static func liveIntent(_ state: inout AppState, _ intent: Intent) -> [Effect] {
        switch intent {
        case .toggleProbes:
            guard state.probesEnabled else {
                state.message = StatusMessage(text: "probes are off (--no-probes)", kind: .warning, until: state.now + 4)
                return []
            }
            state.probesPaused.toggle()
            state.message = StatusMessage(text: state.probesPaused ? "probing paused (Ctrl-p resumes)" : "probing resumed",
                                          kind: .info, until: state.now + 4)
            return [.pauseProbes(state.probesPaused)]
        case .pull:
            let pods: [PodKey] = state.marks.isEmpty ? state.selectedKey.map { [$0] } ?? [] : state.marks.keys.sorted()
            var refs: [String] = []
            for entry in pods.compactMap({ state.list.entry(for: $0) }) {
                for ref in references(entry.row.images) where !refs.contains(ref) { refs.append(ref) }
            }
            guard !pods.isEmpty else { return [] }
            let what = pods.count == 1 ? pods[0].description : "\(pods.count) marked pods"
            guard !refs.isEmpty else {
                state.message = StatusMessage(text: "no valid image reference to pull in \(what)", kind: .warning, until: state.now + 4)
                return []
            }
            if case .unavailable(let reason)? = state.docker {
                state.message = StatusMessage(text: "docker unavailable: \(reason)", kind: .error, until: state.now + 6)
                return []
            }
            state.message = StatusMessage(text: "pulling \(refs.count) image\(refs.count == 1 ? "" : "s") of \(what)", kind: .info, until: state.now + 4)
            return [.pull(refs)]
        case .pullAllMissing:
            var missing: [String] = []
            var seen = Set<String>()
            for position in 0..<state.list.visible.count {
                for ref in references(state.list.entry(atVisible: position).row.images) where seen.insert(ref).inserted {
                    switch state.images[ref] {
                    case .absent?, .failed?: missing.append(ref)
                    default: break
                    }
                }
            }
            if case .unavailable(let reason)? = state.docker {
                state.message = StatusMessage(text: "docker unavailable: \(reason)", kind: .error, until: state.now + 6)
                return []
            }
            guard !missing.isEmpty else {
                state.message = StatusMessage(text: "no missing image among the listed pods", kind: .info, until: state.now + 4)
                return []
            }
            state.message = StatusMessage(text: "pulling \(missing.count) missing image\(missing.count == 1 ? "" : "s")", kind: .info, until: state.now + 4)
            return [.pull(missing)]
        case .cancelPull:
            let refs = state.selectedKey.flatMap { state.list.entry(for: $0) }.map { references($0.row.images) } ?? []
            let active = state.pulls.values.filter { !$0.isFinished }
            guard !active.isEmpty else {
                state.message = StatusMessage(text: "no pull in progress", kind: .info, until: state.now + 3)
                return []
            }
            let mine = active.filter { refs.contains($0.referenceText) }.map(\.referenceText)
            state.message = StatusMessage(text: mine.isEmpty ? "cancelling every pull" : "cancelling \(mine.count) pull\(mine.count == 1 ? "" : "s")",
                                          kind: .info, until: state.now + 4)
            return [.cancelPulls(mine)]
        default:
            return []
        }
    }

    /// Normalised references of raw image strings (invalid ones dropped).
    static func references(_ images: [String]) -> [String] {
        images.compactMap { try? ImageReference.parse($0).normalized }
    }

    static func probeUpdates(_ state: inout AppState, _ updates: [ProbeUpdate]) {
        state.probes.apply(updates)
        if case .detail = state.mode { rebuildPane(&state) }
    }

    static func pullEvents(_ state: inout AppState, _ events: [PullEvent]) {
        state.pullsActivity = state.now
        for event in events {
            let snapshot = event.snapshot
            state.pulls[event.id] = snapshot
            switch event {
            case .queued, .progress:
                state.images[snapshot.referenceText] = .pulling(snapshot.fraction)
            case .finished(_, let outcome, _):
                switch outcome {
                case .succeeded: state.images[snapshot.referenceText] = .present
                case .failed(let message):
                    state.images[snapshot.referenceText] = .failed(message)
                    state.message = StatusMessage(text: "pull of \(snapshot.referenceText) failed: \(message)", kind: .error, until: state.now + 10)
                case .cancelled: state.images[snapshot.referenceText] = .absent
                case .stalled(let after): state.images[snapshot.referenceText] = .failed("stalled: no progress for \(DurationText.format(after))")
                }
            }
        }
        // Keep the twenty most recent finished pulls.
        let finished = state.pulls.values.filter(\.isFinished).sorted { $0.id > $1.id }
        for old in finished.dropFirst(20) { state.pulls[old.id] = nil }
    }
}

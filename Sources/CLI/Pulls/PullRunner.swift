import Docker
import Foundation
import Ops
import PodModel
import TerminalText

/// `poddeck pull IMAGE… | --pod NS/NAME [--platform P] [--dry-run [-o text|json]]`.
///
/// Pulls through the Docker Engine API with live progress (``PullRenderer``), at most
/// `maxParallelPulls` at once, cancelling pulls that stall for `pullStallTimeout`. Exit 0 only
/// when every pull succeeded, else 1 with one line per failure (the registry's message).
/// `--dry-run` prints the normalised references without contacting Docker.
public enum PullRunner {
    /// What to pull and how.
    public struct Options: Sendable, Equatable {
        /// Image references from the command line.
        public var images: [String]
        /// `NS/NAME` (or `NAME` in the configured namespace) of a pod whose images to pull.
        public var pod: String?
        /// `os[/arch[/variant]]` to pull for.
        public var platform: String?
        /// Print the normalised references instead of pulling.
        public var dryRun: Bool
        /// Output of `--dry-run`: `text` (default) or `json`.
        public var output: String?

        /// Creates options.
        public init(images: [String] = [], pod: String? = nil, platform: String? = nil, dryRun: Bool = false, output: String? = nil) {
            self.images = images
            self.pod = pod
            self.platform = platform
            self.dryRun = dryRun
            self.output = output
        }
    }

    /// One image to pull and the containers that use it.
    public struct Target: Sendable, Hashable {
        /// The reference as written.
        public var input: String
        /// The parsed, normalised reference.
        public var reference: ImageReference
        /// Containers (init containers first) that use it, with `--pod`.
        public var containers: [String]
    }

    /// Runs the command. `store` is needed with `--pod` only.
    public static func run(_ options: Options, settings: DeckSettings, store: PodStore?, console: Console,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           clock: any PullClock = ContinuousPullClock()) async throws(CommandFailure) {
        let json = try outputIsJSON(options)
        let targets = try await resolveTargets(options, settings: settings, store: store)
        if options.dryRun {
            console.write(json ? dryRunJSON(targets, platform: options.platform) : dryRunText(targets, platform: options.platform))
            return
        }
        try await pull(targets, platform: options.platform, settings: settings, console: console, environment: environment, clock: clock)
    }

    // MARK: - Targets

    private static func outputIsJSON(_ options: Options) throws(CommandFailure) -> Bool {
        if options.images.isEmpty && options.pod == nil {
            throw CommandFailure(.usage, "nothing to pull: give one or more IMAGE references, or --pod NAMESPACE/NAME")
        }
        if !options.images.isEmpty && options.pod != nil {
            throw CommandFailure(.usage, "give IMAGE references or --pod, not both")
        }
        guard let output = options.output else { return false }
        guard options.dryRun else { throw CommandFailure(.usage, "-o/--output applies to --dry-run only") }
        switch output {
        case "json": return true
        case "text": return false
        default: throw CommandFailure(.usage, "-o must be text or json, not \(Sanitizer.clean(output))")
        }
    }

    /// The images to pull: the arguments (invalid ones exit 2), or the pod's init containers and
    /// containers (missing pod 5, invalid images 3). The same image is pulled once.
    static func resolveTargets(_ options: Options, settings: DeckSettings, store: PodStore?) async throws(CommandFailure) -> [Target] {
        guard let podName = options.pod else {
            var targets: [Target] = []
            var problems: [String] = []
            for input in options.images {
                do {
                    targets.append(Target(input: input, reference: try ImageReference.parse(input), containers: []))
                } catch {
                    problems.append("invalid image reference \"\(Sanitizer.clean(input))\": \(error.reason)")
                }
            }
            if !problems.isEmpty { throw CommandFailure(.usage, problems) }
            return merge(targets)
        }
        guard let key = PodKey(parsing: podName, defaultNamespace: settings.effectiveNamespace) else {
            throw CommandFailure(.usage, "--pod: expected NAMESPACE/NAME or NAME, got \(Sanitizer.clean(podName))")
        }
        guard let store else { throw CommandFailure(.runtime, "--pod needs an etcd connection") }
        let record: PodRecord?
        do { record = try await store.get(key) } catch {
            if case .unreadable = error { throw CommandFailure(.invalid, Sanitizer.clean(error.description)) }
            throw CommandFailure(.runtime, error.description)
        }
        guard let record else {
            throw CommandFailure(.notFound, "pod \(key) not found (no key \(key.etcdKey(prefix: store.prefix)))")
        }
        var targets: [Target] = []
        var problems: [String] = []
        for container in record.pod.initContainers + record.pod.containers {
            let field = "spec.\(container.isInitContainer ? "initContainers" : "containers")[\(container.index)].image"
            guard let image = container.image, !image.isEmpty else {
                problems.append("pod \(key): \(field) is missing")
                continue
            }
            do {
                targets.append(Target(input: image, reference: try ImageReference.parse(image), containers: [container.name]))
            } catch {
                problems.append("pod \(key): \(field) \"\(Sanitizer.clean(image))\" is not a valid image reference: \(error.reason)")
            }
        }
        if !problems.isEmpty { throw CommandFailure(.invalid, problems.map { Sanitizer.clean($0) }) }
        if targets.isEmpty { throw CommandFailure(.invalid, "pod \(key) has no containers (spec.containers is empty)") }
        return merge(targets)
    }

    /// Drops repeated images, keeping the first and gathering their containers.
    private static func merge(_ targets: [Target]) -> [Target] {
        var out: [Target] = []
        var index: [String: Int] = [:]
        for target in targets {
            if let position = index[target.reference.normalized] {
                out[position].containers += target.containers
            } else {
                index[target.reference.normalized] = out.count
                out.append(target)
            }
        }
        return out
    }

    // MARK: - Dry run

    static func dryRunText(_ targets: [Target], platform: String?) -> String {
        var out = ""
        for target in targets {
            let reference = target.reference
            let pull = reference.pullParameters
            out += Sanitizer.clean(reference.normalized) + "\n"
            var fields: [(String, String)] = [
                ("domain", reference.domain),
                ("path", reference.path),
                ("tag", reference.effectiveTag ?? "<none>"),
                ("digest", reference.digest ?? "<none>"),
                ("fromImage", pull.fromImage),
                ("tag sent", pull.tag),
            ]
            if let platform { fields.append(("platform", platform)) }
            if !target.containers.isEmpty { fields.append(("containers", target.containers.joined(separator: ", "))) }
            for (name, value) in fields {
                out += "  " + (name + ":").padding(toLength: 12, withPad: " ", startingAt: 0) + Sanitizer.clean(value) + "\n"
            }
        }
        return out
    }

    static func dryRunJSON(_ targets: [Target], platform: String?) -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let images: [JSONValue] = targets.map { target in
            let reference = target.reference
            let pull = reference.pullParameters
            var object: JSONValue = [
                "input": .string(target.input),
                "reference": .string(reference.normalized),
                "familiar": .string(reference.familiar),
                "domain": .string(reference.domain),
                "path": .string(reference.path),
                "tag": optional(reference.effectiveTag),
                "digest": optional(reference.digest),
                "pull": ["fromImage": .string(pull.fromImage), "tag": .string(pull.tag), "platform": optional(platform)],
            ]
            if !target.containers.isEmpty { object.set(.array(target.containers.map(JSONValue.string)), at: ["containers"]) }
            return object
        }
        return JSONWriter.pretty(["images": .array(images)]) + "\n"
    }

    // MARK: - Pulling

    private static func pull(_ targets: [Target], platform: String?, settings: DeckSettings, console: Console,
                             environment: [String: String], clock: any PullClock) async throws(CommandFailure) {
        let client: DockerClient
        do {
            let host = try DockerHost.resolve(flag: settings.dockerHost, environment: environment)
            client = try DockerClient(host: host)
        } catch {
            throw CommandFailure(.usage, error.description)
        }
        do {
            try await client.ping()
        } catch {
            try? await client.shutdown()
            throw CommandFailure(.runtime, DockerAvailability.unavailable(reason: "\(error)").description)
        }
        let manager = PullManager(service: client, configuration: .init(settings: settings, environment: environment), clock: clock)
        var ids: [PullID] = []
        for target in targets {
            ids.append(await manager.enqueue(target.reference, reason: .command, platform: platform))
        }
        let terminal = TerminalSize.stdout(environment: environment)
        var renderer = PullRenderer(mode: console.stdoutIsTTY ? .terminal(width: terminal.columns, height: terminal.rows) : .plain)
        var latest: [PullID: PullSnapshot] = [:]
        var outcomes: [PullID: PullOutcome] = [:]
        let wanted = Set(ids)
        for await event in manager.events where wanted.contains(event.id) {
            latest[event.id] = event.snapshot
            if case .finished(let id, let outcome, _) = event { outcomes[id] = outcome }
            let text = renderer.render(ids.compactMap { latest[$0] }, now: clock.now)
            if !text.isEmpty { console.write(text) }
            if outcomes.count == wanted.count { break }
        }
        await manager.shutdown()
        try? await client.shutdown()
        var failures: [String] = []
        for id in ids {
            guard let snapshot = latest[id] else { continue }
            let reference = Sanitizer.clean(snapshot.referenceText)
            switch outcomes[id] ?? .cancelled {
            case .succeeded: continue
            case .failed(let message): failures.append("pull \(reference) failed: \(Sanitizer.clean(message))")
            case .cancelled: failures.append("pull \(reference) cancelled")
            case .stalled(let after): failures.append("pull \(reference) \(PullOutcome.stalled(after: after).description)")
            }
        }
        if !failures.isEmpty { throw CommandFailure(.runtime, failures) }
    }
}

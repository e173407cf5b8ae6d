import Foundation
import Testing
import TestSupport

/// A pod `namespace/name` with containers `names` whose statuses name `ids` (same order; a
/// missing id leaves the status without one).
private func containerPod(_ namespace: String, _ name: String, containers names: [String] = ["web"], ids: [String?] = [],
                          uid: String? = nil) -> String {
    let specs = names.map { #"{"name": "\#($0)", "image": "busybox:1"}"# }.joined(separator: ", ")
    let statuses = names.enumerated().map { index, container -> String in
        let id = index < ids.count ? ids[index].map { #", "containerID": "docker://\#($0)""# } ?? "" : ""
        return #"{"name": "\#(container)", "ready": true, "state": {"running": {}}\#(id)}"#
    }.joined(separator: ", ")
    let uidField = uid.map { #", "uid": "\#($0)""# } ?? ""
    return """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\(name)", "namespace": "\(namespace)"\(uidField)},
         "spec": {"containers": [\(specs)]}, "status": {"phase": "Running", "containerStatuses": [\(statuses)]}}
        """
}

/// Runs poddeck with the etcd and Docker flags first (so arguments after `--` stay the command's).
private func run(_ etcd: EtcdServer, _ daemon: DockerDaemon, _ args: [String], stdin: String? = nil) async throws -> ProcessResult {
    try await PodDeckBinary.run(["--endpoints", etcd.clientURL, "--docker-host", daemon.host] + args, stdin: stdin,
                                timeout: .seconds(120))
}

/// The uid etcd's copy of a pod has (set when it was created).
private func uid(_ etcd: EtcdServer, _ pod: String) async throws -> String {
    let got = try await poddeck(etcd, ["get", "pod", pod, "-o", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(got.stdout.utf8)) as? [String: Any]
    return try #require((object?["metadata"] as? [String: Any])?["uid"] as? String, "\(got.stdout)\(got.stderr)")
}

/// Creates pod `ns/name`, starts `command` in a container labelled as its container `web` (with
/// its uid) and writes the container's id into the pod's status; returns the id.
private func podWithContainer(_ etcd: EtcdServer, _ daemon: DockerDaemon, image: String, ns: String, name: String,
                              command: [String]) async throws -> String {
    let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: containerPod(ns, name))
    #expect(created.status == 0, "\(created.stderr)")
    let podUID = try await uid(etcd, "\(ns)/\(name)")
    let id = try await daemon.runContainer(image: image, command: command,
                                           labels: DockerDaemon.podLabels(namespace: ns, pod: name, uid: podUID, container: "web"))
    let updated = try await poddeck(etcd, ["apply", "-f", "-"], stdin: containerPod(ns, name, ids: [id], uid: podUID))
    #expect(updated.status == 0, "\(updated.stderr)")
    return id
}

@Suite("poddeck logs and exec against real etcd, dockerd and containers", .serialized)
struct ContainerCommandTests {
    @Test func logsFollowPrintsEveryLineOnceAndInOrder() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-logs-cli/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        _ = try await podWithContainer(etcd, daemon, image: image, ns: "logs", name: "counter",
                                       command: ["seq", "1", "100000"])
        let followed = try await run(etcd, daemon, ["logs", "logs/counter", "-f"])
        #expect(followed.status == 0, "\(followed.stderr)")
        let lines = followed.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 100_001, "\(lines.suffix(3))")
        let inOrder = Array(lines.prefix(100_000)) == (1...100_000).map(String.init)
        #expect(inOrder, "the lines are not 1 to 100000, each once, in order")
        #expect(lines.last == "")

        let tail = try await run(etcd, daemon, ["logs", "counter", "-n", "logs", "--tail", "3"])
        #expect(tail.stdout == "99998\n99999\n100000\n", "\(tail.stderr)")
        let stamped = try await run(etcd, daemon, ["logs", "logs/counter", "--tail", "1", "--timestamps"])
        #expect(stamped.stdout.hasSuffix("Z 100000\n"), "\(stamped.stdout)")
        let recent = try await run(etcd, daemon, ["logs", "logs/counter", "--since", "1h", "--tail", "2"])
        #expect(recent.stdout == "99999\n100000\n")

        let missing = try await run(etcd, daemon, ["logs", "logs/nothing"])
        #expect(missing.status == 5)
        let badContainer = try await run(etcd, daemon, ["logs", "logs/counter", "-c", "db"])
        #expect(badContainer.status == 2)
        #expect(badContainer.stderr.contains("choose one of: web"), "\(badContainer.stderr)")
    }

    /// `logs -f` that is already following when the container writes 100,000 lines and exits
    /// prints every line once and in order, also when the daemon ends the followed stream before
    /// handing over the last lines.
    @Test func logsFollowPrintsTheLastLinesOfAContainerThatStops() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-logs-tail/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        // The container waits on a FIFO, so the count starts only once the test writes to it.
        let id = try await podWithContainer(etcd, daemon, image: image, ns: "logs", name: "burst",
                                            command: ["sh", "-c", "mkfifo /tmp/go 2>/dev/null; read go < /tmp/go; seq 1 100000"])
        async let followed = run(etcd, daemon, ["logs", "logs/burst", "-f"])
        try await daemon.dockerChecked(["exec", id, "sh", "-c", "echo go > /tmp/go"])
        let result = try await followed
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 100_001, "\(lines.suffix(3))")
        let inOrder = Array(lines.prefix(100_000)) == (1...100_000).map(String.init)
        #expect(inOrder, "the lines are not 1 to 100000, each once, in order")
        #expect(lines.last == "")
        let stamped = try await run(etcd, daemon, ["logs", "logs/burst", "-f", "--timestamps", "--tail", "2"])
        let stampedLines = stamped.stdout.split(separator: "\n").map(String.init)
        #expect(stampedLines.count == 2 && stampedLines[0].hasSuffix("Z 99999") && stampedLines[1].hasSuffix("Z 100000"),
                "\(stamped.stdout)")
    }

    @Test func execRunsTheCommandAndExitsWithItsCode() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-exec-cli/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let id = try await podWithContainer(etcd, daemon, image: image, ns: "exec", name: "web", command: ["sleep", "3600"])
        let ran = try await run(etcd, daemon, ["exec", "exec/web", "--", "sh", "-c", "echo hello -n; echo warn >&2; exit 5"])
        #expect(ran.status == 5, "\(ran.stderr)")
        #expect(ran.stdout == "hello -n\n")
        #expect(ran.stderr == "warn\n")
        let piped = try await run(etcd, daemon, ["exec", "-i", "exec/web", "--", "sh", "-c", "wc -l"], stdin: "a\nb\nc\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        let notFound = try await run(etcd, daemon, ["exec", "exec/web", "--", "/no/such/binary"])
        #expect(notFound.status == 126 || notFound.status == 127, "\(notFound.status) \(notFound.stderr)")
        let usage = try await run(etcd, daemon, ["exec", "exec/web"])
        #expect(usage.status == 2)

        // A stopped container: no exec, and the reason; its logs still read.
        try await daemon.dockerChecked(["stop", "-t", "0", id])
        let stopped = try await run(etcd, daemon, ["exec", "exec/web", "--", "true"])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("is not running (exited)"), "\(stopped.stderr)")
        let logs = try await run(etcd, daemon, ["logs", "exec/web"])
        #expect(logs.status == 0, "\(logs.stderr)")
    }

    /// A pod whose status names a container that is not its own gets neither logs nor exec.
    @Test func aContainerNotLabelledAsThePodsIsRefused() async throws {
        let etcd = try await EtcdServer.start()
        defer { etcd.stop() }
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-owner-cli/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let victim = try await daemon.runContainer(image: image, command: ["sh", "-c", "echo secret of the victim; sleep 3600"],
                                                   name: "victim")
        let other = try await daemon.runContainer(image: image, command: ["sleep", "3600"],
                                                  labels: DockerDaemon.podLabels(namespace: "x", pod: "other", container: "web"))
        let created = try await poddeck(etcd, ["apply", "-f", "-"], stdin: containerPod("x", "innocent", ids: [victim]))
        #expect(created.status == 0, "\(created.stderr)")
        let short = String(victim.prefix(12))
        let logs = try await run(etcd, daemon, ["logs", "x/innocent"])
        #expect(logs.status == 1)
        #expect(logs.stdout.isEmpty)
        #expect(logs.stderr.contains("container \(short) is not labelled as x/innocent's container web"), "\(logs.stderr)")
        let exec = try await run(etcd, daemon, ["exec", "x/innocent", "--", "touch", "/tmp/pwned"])
        #expect(exec.status == 1)
        #expect(exec.stderr.contains("is not labelled as x/innocent's container web"), "\(exec.stderr)")
        let check = try await daemon.docker(["exec", "victim", "test", "-e", "/tmp/pwned"])
        #expect(check.status == 1, "the file exists in victim")

        // Another pod's container, and a name instead of an id, are refused too.
        _ = try await poddeck(etcd, ["apply", "-f", "-"], stdin: containerPod("x", "innocent", ids: [other]))
        let foreign = try await run(etcd, daemon, ["logs", "x/innocent"])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("io.kubernetes.pod.name is \"other\""), "\(foreign.stderr)")
        _ = try await poddeck(etcd, ["apply", "-f", "-"], stdin: containerPod("x", "innocent", ids: ["victim"]))
        let byName = try await run(etcd, daemon, ["exec", "x/innocent", "--", "true"])
        #expect(byName.status == 1)
        #expect(byName.stderr.contains("is not a container id"), "\(byName.stderr)")
    }
}

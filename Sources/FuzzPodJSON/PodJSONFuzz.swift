import Foundation
import FuzzSupport
import PodModel

/// Fuzzes the pod JSON reader: ``JSONParser``, ``JSONWriter`` and ``Pod/decode(_:resourceVersion:)``.
///
/// Properties, beyond "never traps":
/// - JSON that parses, written compact or indented, parses again to an equal value, and
///   writing that value again gives the same bytes;
/// - a decoded pod is stored losslessly: its storage bytes are the input itself when the input
///   held no `metadata.resourceVersion`, and decode again to an equal pod in every case;
/// - the document shown to a person (with its resourceVersion) reads back as the same pod;
/// - everything the pod list and detail views ask of a pod answers without trapping.
enum PodJSONFuzz {
    /// The time the views' ages are computed at.
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    /// Tests one input as the value of a key under `/registry/pods/`.
    static func test(_ bytes: [UInt8]) {
        checkJSONRoundTrip(bytes)
        checkPod(bytes)
    }

    /// Parse → write → parse gives an equal value, for both written forms.
    static func checkJSONRoundTrip(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let compact = JSONWriter.compact(value)
        let pretty = Array(JSONWriter.pretty(value).utf8)
        for (form, written) in [("compact", compact), ("indented", pretty)] {
            let again: JSONValue
            do {
                again = try JSONParser.parse(written)
            } catch {
                FuzzCheck.fail("\(form) form \(FuzzCheck.quoted(written)) of \(FuzzCheck.quoted(bytes)) does not parse: \(error)")
            }
            FuzzCheck.require(again == value, "\(form) form \(FuzzCheck.quoted(written)) of \(FuzzCheck.quoted(bytes)) parses to another value")
            FuzzCheck.require(JSONWriter.compact(again) == compact, "writing \(FuzzCheck.quoted(bytes)) is not stable")
        }
    }

    /// Decodes the bytes as a stored pod and checks what the app does with one.
    static func checkPod(_ bytes: [UInt8]) {
        let pod: Pod
        switch Pod.decode(bytes, resourceVersion: 42) {
        case .failure(let error):
            FuzzCheck.require(!error.description.isEmpty, "empty error for \(FuzzCheck.quoted(bytes))")
            return
        case .success(let decoded):
            pod = decoded
        }
        FuzzCheck.require(pod.resourceVersion == 42, "resourceVersion \(String(describing: pod.resourceVersion))")
        FuzzCheck.require(pod.json[["metadata", "resourceVersion"]] == nil, "resourceVersion left in the document")

        let stored = pod.storageBytes()
        if let tree = try? JSONParser.parse(bytes), tree == pod.json {
            FuzzCheck.require(stored == bytes, "unchanged pod \(FuzzCheck.quoted(bytes)) is stored as \(FuzzCheck.quoted(stored))")
        }
        switch Pod.decode(stored, resourceVersion: 42) {
        case .success(let again):
            FuzzCheck.require(again == pod, "stored form \(FuzzCheck.quoted(stored)) decodes to another pod")
        case .failure(let error):
            FuzzCheck.fail("stored form \(FuzzCheck.quoted(stored)) of \(FuzzCheck.quoted(bytes)) does not decode: \(error)")
        }

        // The document an editor shows reads back as the same pod (when it has metadata to
        // carry the resourceVersion; without, reading it back adds an empty `metadata`).
        if pod.json["metadata"]?.objectValue != nil {
            do {
                let edited = try Pod(userDocument: pod.presented())
                FuzzCheck.require(edited == pod, "presented form of \(FuzzCheck.quoted(bytes)) reads back as another pod")
            } catch {
                FuzzCheck.fail("presented form of \(FuzzCheck.quoted(bytes)) is refused: \(error)")
            }
        }
        exerciseViews(pod)
    }

    /// Asks a pod everything the list and detail views ask.
    static func exerciseViews(_ pod: Pod) {
        _ = (pod.name, pod.namespace, pod.namespaceOrDefault, pod.uid, pod.phase, pod.reason, pod.message)
        _ = (pod.labels, pod.annotations, pod.label("app"), pod.annotation("note"))
        _ = (pod.creationTimestamp, pod.deletionTimestamp, pod.startTime, pod.nodeName, pod.podIP, pod.hostIP)
        _ = (pod.qosClass, pod.restartPolicy, pod.conditions)
        _ = (pod.readyText, pod.statusText, pod.restartCount, pod.restartsText)
        _ = (pod.restartsText(now: now), pod.age(now: now))
        for container in pod.initContainers + pod.containers {
            _ = (container.isRestartableInitContainer, container.ports.map(\.effectiveProtocol))
            for probe in [container.livenessProbe, container.readinessProbe, container.startupProbe].compactMap({ $0 }) {
                _ = (probe.summary, probe.timingSummary)
            }
            if let image = container.image {
                _ = try? ImageReference.parse(image)
            }
        }
        _ = pod.initContainerStatuses + pod.containerStatuses
        for error in PodValidator.validate(pod) {
            FuzzCheck.require(!error.description.isEmpty, "empty validation error")
        }
    }
}

import Foundation
import Testing
import TestSupport

/// Reliability and security drills: the real binary against real servers with faults injected.
///
/// One serialized suite (each drill is an `extension Drills` in a file of its own), so that the
/// drills' servers and terminals do not compete with each other on a small machine. Each drill
/// ends with a `DrillReport` line; `scripts/drills` turns those into the README table.
@Suite("reliability and security drills", .serialized)
struct Drills {}

/// A pod document (JSON) named `name` in `namespace`.
func drillPod(_ namespace: String, _ name: String, image: String = "nginx:1.25") -> String {
    """
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","namespace":"\(namespace)","labels":{"app":"\(name)"}},
     "spec":{"containers":[{"name":"app","image":"\(image)"}]},"status":{"phase":"Running","podIP":"10.0.0.9"}}
    """
}

/// The cluster revision etcd reports (`etcdctl get / -w json`), read through `member`.
func clusterRevision(_ member: EtcdServer, flags: [String] = []) async throws -> Int {
    let r = try await member.etcdctl(["get", "/", "-w", "json"], extraFlags: flags)
    guard r.status == 0, let data = r.stdout.data(using: .utf8),
          let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let header = object["header"] as? [String: Any], let revision = (header["revision"] as? NSNumber)?.intValue else {
        throw TestSupportError("cannot read the etcd revision: \(r.stderr)\(r.stdout)")
    }
    return revision
}

/// The first line of `text`.
func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}

/// Every escape sequence in `text` that is not an SGR colour code (`ESC [ … m`).
func nonSGREscapes(_ text: String) -> [String] {
    let scalars = Array(text.unicodeScalars)
    var found: [String] = []
    var i = 0
    while i < scalars.count {
        let c = scalars[i].value
        if c == 0x1B {
            var j = i + 1
            if j < scalars.count, scalars[j] == "[" {
                j += 1
                while j < scalars.count, (0x30...0x3F).contains(scalars[j].value) { j += 1 }
                if j < scalars.count, scalars[j] == "m" { i = j + 1; continue }
            }
            found.append(String(String.UnicodeScalarView(scalars[i..<min(scalars.count, i + 12)])).debugDescription)
        } else if c < 0x20 && c != 0x0A || c == 0x7F || (0x80...0x9F).contains(c) {
            found.append(String(format: "U+%04X", c))
        }
        i += 1
    }
    return found
}

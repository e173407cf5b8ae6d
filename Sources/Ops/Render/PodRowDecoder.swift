import Etcd
import KubeStorage
import PodModel

/// Stored pod values into list rows, the way every listing reads them (`get pods`, the
/// dashboard's listing and watch).
///
/// A value is read straight into its ``PodSummary`` (JSON: ``PodSummary/init(storedJSON:)``;
/// Kubernetes protobuf: ``PodSummary/init(storedProtobuf:)``) without building the pod's
/// document; whenever those readers are not sure, the value goes through the full decoder
/// (``PodStore/decode(_:prefix:)``), which gives the same row or the exact reason a value is
/// unreadable. With probes on, the probe planner's input (``PodProbeFacts``) is read in the same
/// pass.
public enum PodRowDecoder {
    /// The summary of a stored value and its encoding, read straight from the bytes; nil when
    /// the full decoder is needed.
    public static func summary(of value: [UInt8]) -> (summary: PodSummary, encoding: StorageEncoding)? {
        guard let first = value.first else { return nil }
        if first == 0x6B {
            return PodSummary(storedProtobuf: value).map { ($0, .protobuf) }
        }
        return PodSummary(storedJSON: value).map { ($0, .json) }
    }

    /// The row of `kv`.
    public static func row(_ kv: KeyValue, prefix: String) -> Result<PodRow, UnreadableEntry> {
        if let key = PodKey(etcdKey: kv.key, prefix: prefix), let (summary, encoding) = summary(of: kv.value) {
            return .success(PodRow(key: key, summary: summary, revision: kv.modRevision, encoding: encoding))
        }
        return PodStore.decode(kv, prefix: prefix).map(PodRow.init)
    }

    /// The summary and probe facts of a stored value and its encoding, read straight from the
    /// bytes in one pass; nil when the full decoder is needed.
    public static func summaryAndProbes(of value: [UInt8]) -> (summary: PodSummary, probes: PodProbeFacts, encoding: StorageEncoding)? {
        guard let first = value.first else { return nil }
        if first == 0x6B {
            return PodSummary.withProbeFacts(storedProtobuf: value).map { ($0.summary, $0.probes, .protobuf) }
        }
        return PodSummary.withProbeFacts(storedJSON: value).map { ($0.summary, $0.probes, .json) }
    }

    /// The row of `kv` and, with `options`, the probes planned for it (``ProbePlanner`` over the
    /// ``PodProbeFacts`` read alongside the summary).
    public static func rowAndProbes(_ kv: KeyValue, prefix: String,
                                    options: ProbePlanOptions?) -> Result<(row: PodRow, probes: [PlannedProbe]), UnreadableEntry> {
        if let key = PodKey(etcdKey: kv.key, prefix: prefix) {
            if let options {
                if let (summary, facts, encoding) = summaryAndProbes(of: kv.value) {
                    let probes = summary.declaresProbes ? ProbePlanner.probes(of: facts, key: key, options: options) : []
                    return .success((PodRow(key: key, summary: summary, revision: kv.modRevision, encoding: encoding), probes))
                }
            } else if let (summary, encoding) = summary(of: kv.value) {
                return .success((PodRow(key: key, summary: summary, revision: kv.modRevision, encoding: encoding), []))
            }
        }
        return PodStore.decode(kv, prefix: prefix).map { record in
            (PodRow(record), options.map { ProbePlanner.probes(of: record, options: $0) } ?? [])
        }
    }
}

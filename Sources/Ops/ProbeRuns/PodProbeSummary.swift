import Probes

/// The probes of one pod: the PROBE cell and one ``ProbeDetail`` per container and kind.
public struct PodProbeSummary: Sendable, Hashable {
    /// The worst state among the probes (`none` without probes).
    public var cell: ProbeCell
    /// The probes in display order: by container name, then liveness, readiness, startup.
    public var details: [ProbeDetail]

    /// Creates a summary.
    public init(cell: ProbeCell, details: [ProbeDetail]) {
        self.cell = cell
        self.details = details
    }

    /// The summary of a pod without probes.
    public static let none = PodProbeSummary(cell: .none, details: [])

    /// The summary of `details` (sorted; the cell is the worst of theirs).
    public init(details: [ProbeDetail]) {
        let sorted = details.sorted { $0.key < $1.key }
        self.init(cell: PodProbeSummary.worst(sorted.map(\.cell)), details: sorted)
    }

    /// The worst of `cells` (`none` for no cells).
    public static func worst(_ cells: some Sequence<ProbeCell>) -> ProbeCell {
        var worst = ProbeCell.none
        for cell in cells where cell.isWorse(than: worst) { worst = cell }
        return worst
    }

    /// The text of the PROBE cell.
    public var text: String { cell.description }
}

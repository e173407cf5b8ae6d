import Ops

extension ProbeCell {
    /// The theme colour of the cell.
    public var themeKey: ThemeKey {
        switch self {
        case .none: .dim
        case .ok: .probeOk
        case .warning: .probeWarning
        case .unknown: .probeUnknown
        case .failing: .probeFailing
        }
    }
}

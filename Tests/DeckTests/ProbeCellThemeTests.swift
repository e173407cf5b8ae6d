@testable import Deck
@testable import Ops
import Testing

@Suite struct ProbeCellThemeTests {
    @Test func cellsMapToThemeColours() {
        #expect(ProbeCell.ok.themeKey == .probeOk)
        #expect(ProbeCell.failing(count: 1, threshold: 3).themeKey == .probeFailing)
        #expect(ProbeCell.warning.themeKey == .probeWarning)
        #expect(ProbeCell.unknown.themeKey == .probeUnknown)
        #expect(ProbeCell.none.themeKey == .dim)
    }
}

import Testing
import Screen

@Suite struct ColorMapperTests {
    @Test func rgbToNearestOf256() {
        let mapper = ColorMapper(colorCount: 256)
        #expect(mapper.map(.rgb(255, 0, 0)) == .indexed(196))
        #expect(mapper.map(.rgb(0, 0, 0)) == .indexed(16))
        #expect(mapper.map(.rgb(255, 255, 255)) == .indexed(231))
        #expect(mapper.map(.rgb(128, 128, 128)) == .indexed(244))
        #expect(mapper.map(.rgb(95, 135, 175)) == .indexed(67))
        #expect(mapper.map(.indexed(200)) == .indexed(200))
        #expect(mapper.map(.default) == .default)
    }

    @Test func rgbAndHighIndicesToSixteen() {
        let mapper = ColorMapper(colorCount: 16)
        #expect(mapper.map(.rgb(250, 10, 10)) == .indexed(9))
        #expect(mapper.map(.rgb(0, 180, 0)) == .indexed(2))
        #expect(mapper.map(.rgb(20, 20, 20)) == .indexed(0))
        #expect(mapper.map(.indexed(196)) == .indexed(9))
        #expect(mapper.map(.indexed(12)) == .indexed(12))
    }

    @Test func eightColoursFoldBrightOnes() {
        let mapper = ColorMapper(colorCount: 8)
        #expect(mapper.map(.brightRed) == .red)
        #expect(mapper.map(.indexed(15)) == .indexed(7))
        #expect(mapper.map(.rgb(0, 0, 230)) == .blue)
        #expect(mapper.map(.indexed(46)) == .green)
    }

    @Test func noColoursMeansDefault() {
        let mapper = ColorMapper(colorCount: 0)
        #expect(mapper.map(.red) == .default)
        #expect(mapper.map(.rgb(1, 2, 3)) == .default)
    }

    @Test func paletteValues() {
        #expect(ColorMapper.rgb(ofIndex: 16) == (0, 0, 0))
        #expect(ColorMapper.rgb(ofIndex: 231) == (255, 255, 255))
        #expect(ColorMapper.rgb(ofIndex: 232) == (8, 8, 8))
        #expect(ColorMapper.rgb(ofIndex: 255) == (238, 238, 238))
    }
}

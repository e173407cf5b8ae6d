import Testing
@testable import TerminalText

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of(Character("~")) == 1)
    }

    @Test func controlCharactersTakeNoColumns() {
        #expect(DisplayWidth.of("a\u{1b}b") == 2)
        #expect(DisplayWidth.of(Character("\u{7}")) == 0)
        #expect(DisplayWidth.of(Character("\r\n")) == 0)
        #expect(DisplayWidth.of(Character("\u{85}")) == 0)
    }

    @Test func cjkAndFullwidthAreTwoColumns() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of(Character("Ａ")) == 2)
        #expect(DisplayWidth.of(Character("\u{3000}")) == 2)
        #expect(DisplayWidth.of(Character("\u{20000}")) == 2)
        #expect(DisplayWidth.of("ｱ") == 1, "halfwidth katakana")
    }

    @Test func emojiArePresentationWide() {
        #expect(DisplayWidth.of(Character("🚀")) == 2)
        #expect(DisplayWidth.of(Character("✅")) == 2)
        #expect(DisplayWidth.of(Character("❤️")) == 2, "text-default heart with VS16")
        #expect(DisplayWidth.of(Character("❤")) == 1, "text-default heart without VS16")
        #expect(DisplayWidth.of(Character("🫶")) == 2)
    }

    @Test func zwjFamilyIsOneWideCluster() {
        let family: Character = "👨‍👩‍👧‍👦"
        #expect(family.unicodeScalars.count == 7)
        #expect(DisplayWidth.of(family) == 2)
        #expect(DisplayWidth.of("a👨‍👩‍👧‍👦b") == 4)
    }

    @Test func combiningMarksAddNothing() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Zalgo\u{336}\u{337}\u{338}") == 5)
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0xFE0F)!) == 0)
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2, "Hangul built from jamo")
    }

    @Test func flagsAreTwoColumns() {
        #expect(DisplayWidth.of(Character("🇩🇪")) == 2)
        #expect(DisplayWidth.of("🇯🇵🇫🇷") == 4)
    }

    @Test func tableLookupFindsRangeEdges() {
        #expect(DisplayWidth.contains(WidthTables.wide, 0x1100))
        #expect(DisplayWidth.contains(WidthTables.wide, 0x115F))
        #expect(!DisplayWidth.contains(WidthTables.wide, 0x1160))
        #expect(!DisplayWidth.contains(WidthTables.wide, 0x10FFFF))
        #expect(DisplayWidth.contains(WidthTables.zeroWidth, 0x300))
        #expect(!DisplayWidth.contains(WidthTables.zeroWidth, 0x2FF))
    }

    @Test func tablesAreSortedPairs() {
        for table in [WidthTables.wide, WidthTables.zeroWidth] {
            #expect(table.count % 2 == 0)
            for i in stride(from: 0, to: table.count, by: 2) {
                #expect(table[i] <= table[i + 1])
                if i + 2 < table.count { #expect(table[i + 1] < table[i + 2]) }
            }
        }
    }
}

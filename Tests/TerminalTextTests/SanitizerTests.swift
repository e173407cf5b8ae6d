import Testing
import TerminalText

@Suite struct SanitizerTests {
    @Test func printableASCIIIsReturnedUnchanged() {
        let input = "nginx:1.25 Running 10.0.0.7"
        let output = Sanitizer.clean(input)
        #expect(output == input)
        #expect(output.utf8.elementsEqual(input.utf8))
        #expect(!Sanitizer.needsEscaping(input))
    }

    @Test func safeUnicodeIsKept() {
        for text in ["日本語 ✓ 🚀", "e\u{301}", "👨‍👩‍👧‍👦", "🇩🇪", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"] {
            #expect(Sanitizer.clean(text) == text)
        }
    }

    @Test func escapeSequencesBecomeCaretNotation() {
        #expect(Sanitizer.clean("\u{1b}[31mred\u{1b}[0m") == "^[[31mred^[[0m")
        #expect(Sanitizer.clean("\u{1b}]0;title\u{7}") == "^[]0;title^G")
        #expect(Sanitizer.clean("a\u{8}b\u{0}c\u{7f}") == "a^Hb^@c^?")
    }

    @Test func newlinesAndTabs() {
        #expect(Sanitizer.clean("one\ntwo\r\nthree\rfour") == "one^Jtwo^M^Jthree^Mfour")
        #expect(Sanitizer.clean("a\tb") == "a b")
    }

    @Test func c1ControlsBecomeCodePoints() {
        #expect(Sanitizer.clean("x\u{9b}31my") == "x<U+009B>31my")
        #expect(Sanitizer.clean("\u{85}") == "<U+0085>")
    }

    @Test func bidiAndInvisibleFormatCharactersAreShown() {
        #expect(Sanitizer.clean("evil\u{202E}txt.exe") == "evil<U+202E>txt.exe")
        #expect(Sanitizer.clean("\u{2066}a\u{2069}") == "<U+2066>a<U+2069>")
        #expect(Sanitizer.clean("\u{200E}\u{200F}\u{61C}") == "<U+200E><U+200F><U+061C>")
        #expect(Sanitizer.clean("zero\u{200B}width\u{FEFF}") == "zero<U+200B>width<U+FEFF>")
        #expect(Sanitizer.clean("line\u{2028}sep") == "line<U+2028>sep")
        #expect(Sanitizer.clean("tag\u{E0041}") == "tag<U+E0041>")
    }

    @Test func cleanedTextHasNoControlsLeft() {
        let nasty = "\u{1b}P+q\u{9c}\u{1b}\\\u{9d}8;;http://x\u{7}\u{202D}日本\u{1b}[2J"
        let clean = Sanitizer.clean(nasty)
        #expect(!Sanitizer.needsEscaping(clean))
        for scalar in clean.unicodeScalars {
            #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value))
        }
    }

    @Test func invalidUTF8BytesAreReplaced() {
        #expect(Sanitizer.clean(bytes: [0x61, 0xFF, 0x62, 0xC3]) == "a\u{FFFD}b\u{FFFD}")
        #expect(Sanitizer.clean(bytes: Array("ok\u{1b}".utf8)) == "ok^[")
    }
}

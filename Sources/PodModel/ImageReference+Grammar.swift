extension ImageReference {
    /// A hand-written scanner for Docker's reference grammar.
    ///
    /// It recognises exactly the language of the regular expressions in Docker's reference
    /// library, over UTF-8 bytes, without backtracking and without any operation that can trap:
    ///
    /// ```text
    /// reference       := name [ ":" tag ] [ "@" digest ]
    /// name            := [ domain-and-port "/" ] path-component { "/" path-component }
    /// domain-and-port := host [ ":" [0-9]+ ]
    /// host            := domain-component { "." domain-component } | "[" [a-fA-F0-9:]+ "]"
    /// domain-component:= [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
    /// path-component  := [a-z0-9]+ { ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ }
    /// tag             := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
    /// digest          := algorithm ":" [0-9a-fA-F]{32,}
    /// algorithm       := [A-Za-z][A-Za-z0-9]* { [-_+.] [A-Za-z][A-Za-z0-9]* }
    /// ```
    ///
    /// None of `:` `/` `@` may appear in a tag or a path component, so the parts of a reference
    /// are found by position: the digest follows the first `@`, the tag follows the first `:`
    /// after the last `/` before it, and the domain, when the name has one, is everything before
    /// the first `/` (preferred whenever it is a valid host, as the regular expression prefers it).
    enum Grammar {
        static let slash = UInt8(ascii: "/")
        static let colon = UInt8(ascii: ":")
        static let dot = UInt8(ascii: ".")
        static let at = UInt8(ascii: "@")
        static let underscore = UInt8(ascii: "_")
        static let dash = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")

        /// The positions of the parts of a reference that matched the grammar.
        struct Match: Sendable, Hashable {
            /// The domain and port, when the name has one.
            var domain: Range<Int>?
            /// The repository path.
            var path: Range<Int>
            /// The tag, without its `:`.
            var tag: Range<Int>?
            /// The digest, without its `@`.
            var digest: Range<Int>?
            /// The whole name: domain, `/` and path.
            var name: Range<Int>
        }

        // MARK: Character classes

        static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        static func isLowerLetter(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        }

        static func isUpperLetter(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
        }

        static func isLetter(_ byte: UInt8) -> Bool {
            isLowerLetter(byte) || isUpperLetter(byte)
        }

        static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
            isLowerLetter(byte) || isDigit(byte)
        }

        static func isAlphanumeric(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte)
        }

        static func isLowerHex(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
        }

        static func isHex(_ byte: UInt8) -> Bool {
            isLowerHex(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
        }

        /// `\w` in Go's regular expressions: ASCII letters, digits and `_`.
        static func isWord(_ byte: UInt8) -> Bool {
            isAlphanumeric(byte) || byte == underscore
        }

        // MARK: Productions

        /// `[a-f0-9]{64}`: an image ID, which Docker refuses as a repository name.
        static func isIdentifier(_ text: ArraySlice<UInt8>) -> Bool {
            text.count == 64 && text.allSatisfy(isLowerHex)
        }

        /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
        static func isPathComponent(_ text: ArraySlice<UInt8>) -> Bool {
            var index = text.startIndex
            let end = text.endIndex
            guard index < end, isLowerAlphanumeric(text[index]) else { return false }
            while true {
                while index < end, isLowerAlphanumeric(text[index]) { index += 1 }
                if index == end { return true }
                switch text[index] {
                case dot:
                    index += 1
                case underscore:
                    index += 1
                    if index < end, text[index] == underscore { index += 1 }
                case dash:
                    while index < end, text[index] == dash { index += 1 }
                default:
                    return false
                }
                guard index < end, isLowerAlphanumeric(text[index]) else { return false }
            }
        }

        /// One or more path components separated by single slashes.
        static func isRemoteName(_ text: ArraySlice<UInt8>) -> Bool {
            var start = text.startIndex
            while true {
                let end = text[start...].firstIndex(of: slash) ?? text.endIndex
                guard isPathComponent(text[start..<end]) else { return false }
                if end == text.endIndex { return true }
                start = end + 1
            }
        }

        /// `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`
        static func isDomainComponent(_ text: ArraySlice<UInt8>) -> Bool {
            guard let first = text.first, let last = text.last else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last)
                && text.allSatisfy { isAlphanumeric($0) || $0 == dash }
        }

        /// Domain components separated by single dots.
        static func isDomainName(_ text: ArraySlice<UInt8>) -> Bool {
            var start = text.startIndex
            while true {
                let end = text[start...].firstIndex(of: dot) ?? text.endIndex
                guard isDomainComponent(text[start..<end]) else { return false }
                if end == text.endIndex { return true }
                start = end + 1
            }
        }

        /// A host (domain name, IPv4 address or bracketed IPv6 address) with an optional `:port`.
        ///
        /// IPv6 zone identifiers (`%eth0`) are not allowed, as in Docker.
        static func isDomainAndPort(_ text: ArraySlice<UInt8>) -> Bool {
            guard let first = text.first else { return false }
            let hostEnd: Int
            if first == openBracket {
                guard let close = text.firstIndex(of: closeBracket) else { return false }
                let address = text[(text.startIndex + 1)..<close]
                guard !address.isEmpty, address.allSatisfy({ isHex($0) || $0 == colon }) else {
                    return false
                }
                hostEnd = close + 1
            } else {
                hostEnd = text.firstIndex(of: colon) ?? text.endIndex
                guard isDomainName(text[..<hostEnd]) else { return false }
            }
            if hostEnd == text.endIndex { return true }
            guard text[hostEnd] == colon else { return false }
            let port = text[(hostEnd + 1)...]
            return !port.isEmpty && port.allSatisfy(isDigit)
        }

        /// `[\w][\w.-]{0,127}`
        static func isTag(_ text: ArraySlice<UInt8>) -> Bool {
            guard let first = text.first, text.count <= 128 else { return false }
            return isWord(first) && text.allSatisfy { isWord($0) || $0 == dot || $0 == dash }
        }

        /// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
        static func isDigestPattern(_ text: ArraySlice<UInt8>) -> Bool {
            var index = text.startIndex
            let end = text.endIndex
            while true {
                guard index < end, isLetter(text[index]) else { return false }
                index += 1
                while index < end, isAlphanumeric(text[index]) { index += 1 }
                guard index < end else { return false }
                let separator = text[index]
                if separator == dash || separator == underscore || separator == plus
                    || separator == dot
                {
                    index += 1
                    continue
                }
                break
            }
            guard text[index] == colon else { return false }
            let encoded = text[(index + 1)...]
            return encoded.count >= 32 && encoded.allSatisfy(isHex)
        }

        /// `[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`, the general digest form of the OCI
        /// digest library, used to tell an unsupported algorithm from a malformed digest.
        static func isGeneralDigest(_ text: ArraySlice<UInt8>) -> Bool {
            guard let colonIndex = text.firstIndex(of: colon) else { return false }
            let algorithm = text[..<colonIndex]
            let encoded = text[(colonIndex + 1)...]
            var start = algorithm.startIndex
            while true {
                let end = algorithm[start...].firstIndex {
                    $0 == dot || $0 == plus || $0 == underscore || $0 == dash
                } ?? algorithm.endIndex
                let part = algorithm[start..<end]
                guard !part.isEmpty, part.allSatisfy(isLowerAlphanumeric) else { return false }
                if end == algorithm.endIndex { break }
                start = end + 1
            }
            return !encoded.isEmpty
                && encoded.allSatisfy {
                    isAlphanumeric($0) || $0 == UInt8(ascii: "=") || $0 == underscore || $0 == dash
                }
        }

        /// Matches a whole reference, returning where its parts are, or `nil` when it does not match.
        static func matchReference(_ bytes: [UInt8]) -> Match? {
            let text = bytes[...]
            var digest: Range<Int>?
            let beforeDigest: ArraySlice<UInt8>
            if let atIndex = text.firstIndex(of: at) {
                let range = (atIndex + 1)..<text.endIndex
                guard isDigestPattern(text[range]) else { return nil }
                digest = range
                beforeDigest = text[..<atIndex]
            } else {
                beforeDigest = text
            }

            let lastComponentStart = beforeDigest.lastIndex(of: slash).map { $0 + 1 }
                ?? beforeDigest.startIndex
            var tag: Range<Int>?
            let nameEnd: Int
            if let colonIndex = beforeDigest[lastComponentStart...].firstIndex(of: colon) {
                let range = (colonIndex + 1)..<beforeDigest.endIndex
                guard isTag(text[range]) else { return nil }
                tag = range
                nameEnd = colonIndex
            } else {
                nameEnd = beforeDigest.endIndex
            }

            let name = text[..<nameEnd]
            if let firstSlash = name.firstIndex(of: slash),
                isDomainAndPort(name[..<firstSlash]),
                isRemoteName(name[(firstSlash + 1)...])
            {
                return Match(
                    domain: name.startIndex..<firstSlash,
                    path: (firstSlash + 1)..<nameEnd,
                    tag: tag,
                    digest: digest,
                    name: name.startIndex..<nameEnd
                )
            }
            guard isRemoteName(name) else { return nil }
            return Match(
                domain: nil,
                path: name.startIndex..<nameEnd,
                tag: tag,
                digest: digest,
                name: name.startIndex..<nameEnd
            )
        }

        /// Checks a digest the way the OCI digest library does once the grammar has matched:
        /// a known algorithm and exactly the right number of lowercase hex digits.
        static func validateDigest(_ text: ArraySlice<UInt8>) throws(ImageReferenceError) {
            guard let colonIndex = text.firstIndex(of: colon), colonIndex > text.startIndex,
                colonIndex + 1 < text.endIndex
            else {
                throw .invalidDigestFormat
            }
            let algorithm = text[..<colonIndex]
            let encoded = text[(colonIndex + 1)...]
            let expectedLength: Int
            if algorithm.elementsEqual("sha256".utf8) {
                expectedLength = 64
            } else if algorithm.elementsEqual("sha384".utf8) {
                expectedLength = 96
            } else if algorithm.elementsEqual("sha512".utf8) {
                expectedLength = 128
            } else {
                throw isGeneralDigest(text) ? .unsupportedDigestAlgorithm : .invalidDigestFormat
            }
            guard encoded.count == expectedLength else { throw .invalidDigestLength }
            guard encoded.allSatisfy(isLowerHex) else { throw .invalidDigestFormat }
        }

        // MARK: Case

        /// Whether lowercasing `text` (as Unicode text) would change it.
        static func changesWhenLowercased(_ text: ArraySlice<UInt8>) -> Bool {
            if text.allSatisfy({ $0 < 0x80 }) {
                return text.contains(where: isUpperLetter)
            }
            return String(decoding: text, as: UTF8.self).unicodeScalars.contains { scalar in
                !scalar.properties.lowercaseMapping.unicodeScalars.elementsEqual(CollectionOfOne(scalar))
            }
        }

        /// `bytes` lowercased scalar by scalar with Unicode's simple case mapping, as far as it
        /// matters to the grammar: ASCII letters, KELVIN SIGN (to `k`) and LATIN CAPITAL LETTER I
        /// WITH DOT ABOVE (to `i`). Every other non-ASCII scalar fails the grammar either way and is
        /// kept as it is.
        static func lowercasedForRetry(_ bytes: [UInt8]) -> [UInt8] {
            guard bytes.contains(where: { $0 >= 0x80 }) else {
                return bytes.map { isUpperLetter($0) ? $0 | 0x20 : $0 }
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                switch scalar.value {
                case 0x41...0x5A:
                    result.append(UInt8(scalar.value) | 0x20)
                case 0x212A:
                    result.append(UInt8(ascii: "k"))
                case 0x130:
                    result.append(UInt8(ascii: "i"))
                default:
                    result.append(contentsOf: String(scalar).utf8)
                }
            }
            return result
        }
    }
}

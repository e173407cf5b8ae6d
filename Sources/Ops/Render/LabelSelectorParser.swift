import PodModel

/// Kubernetes' label selector grammar (`k8s.io/apimachinery/pkg/labels`), token for token:
///
///     selector    ::= "" | requirement ("," requirement)*
///     requirement ::= "!" KEY | KEY [ ("=" | "==" | "!=" | ">" | "<") [VALUE]
///                                   | ("in" | "notin") "(" [VALUE] ("," [VALUE])* ")" ]
///
/// Whitespace (space, tab, CR, LF) separates tokens; `in` and `notin` are words only where an
/// operator is expected (elsewhere they are keys or values). `(`, `)`, `,`, `=`, `!`, `<` and
/// `>` always end a word. Keys are checked as qualified names, values as label values, and the
/// value of `>`/`<` must be an integer.
struct LabelSelectorParser {
    enum Kind: Equatable {
        case word(String)
        case comma, open, close, equals, doubleEquals, notEquals, bang, greater, less, end
    }

    struct Token {
        var kind: Kind
        /// 1-based column of the token's first character.
        var column: Int
    }

    let text: String
    let tokens: [Token]
    var position = 0

    /// The requirements of `text`, or an error naming the selector, the column and the problem.
    static func parse(_ raw: String) throws(SelectorError) -> [LabelSelector.Requirement] {
        var parser = LabelSelectorParser(text: trimmed(raw))
        return try parser.selector()
    }

    init(text: String) {
        self.text = text
        tokens = Self.lex(text)
    }

    // MARK: Lexing

    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" }
    static func isSymbol(_ c: Character) -> Bool { "=!(),<>".contains(c) }

    static func trimmed(_ raw: String) -> String {
        let chars = Array(raw)
        guard let first = chars.firstIndex(where: { !isSpace($0) }), let last = chars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(chars[first...last])
    }

    static func lex(_ text: String) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) { i += 1; continue }
            let column = i + 1
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "=" where next == "=": tokens.append(Token(kind: .doubleEquals, column: column)); i += 2
            case "!" where next == "=": tokens.append(Token(kind: .notEquals, column: column)); i += 2
            case "=": tokens.append(Token(kind: .equals, column: column)); i += 1
            case "!": tokens.append(Token(kind: .bang, column: column)); i += 1
            case "(": tokens.append(Token(kind: .open, column: column)); i += 1
            case ")": tokens.append(Token(kind: .close, column: column)); i += 1
            case ",": tokens.append(Token(kind: .comma, column: column)); i += 1
            case ">": tokens.append(Token(kind: .greater, column: column)); i += 1
            case "<": tokens.append(Token(kind: .less, column: column)); i += 1
            default:
                var end = i
                while end < chars.count, !isSpace(chars[end]), !isSymbol(chars[end]) { end += 1 }
                tokens.append(Token(kind: .word(String(chars[i..<end])), column: column))
                i = end
            }
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
        return tokens
    }

    // MARK: Parsing

    var peek: Token { tokens[position] }

    mutating func next() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func selector() throws(SelectorError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        guard peek.kind != .end else { return requirements }
        while true {
            switch peek.kind {
            case .word, .bang: break
            default: throw unexpected(peek, expected: "a label key or '!'")
            }
            requirements.append(try requirement())
            let after = next()
            switch after.kind {
            case .end:
                return requirements
            case .comma:
                switch peek.kind {
                case .word, .bang: continue
                default: throw unexpected(peek, expected: "a label key or '!' after ','")
                }
            default:
                throw unexpected(after, expected: "',' or the end of the selector")
            }
        }
    }

    mutating func requirement() throws(SelectorError) -> LabelSelector.Requirement {
        let negated = peek.kind == .bang
        if negated { _ = next() }
        let keyToken = next()
        guard case .word(let key) = keyToken.kind else {
            throw unexpected(keyToken, expected: negated ? "a label key after '!'" : "a label key")
        }
        let problems = LabelSyntax.keyProblems(key)
        if !problems.isEmpty {
            throw failure("invalid label key \"\(key)\" at column \(keyToken.column): \(problems.joined(separator: "; "))")
        }
        if negated { return .notExists(key) }
        if peek.kind == .end || peek.kind == .comma { return .exists(key) }
        let op = next()
        switch op.kind {
        case .word("in"): return .in(key, try valueSet(key))
        case .word("notin"): return .notIn(key, try valueSet(key))
        case .equals, .doubleEquals: return .equals(key, try exactValue(key))
        case .notEquals: return .notEquals(key, try exactValue(key))
        case .greater: return .greaterThan(key, try integer(key, after: op, ">"))
        case .less: return .lessThan(key, try integer(key, after: op, "<"))
        default: throw unexpected(op, expected: "one of =, ==, !=, in, notin, >, < after \"\(key)\"")
        }
    }

    /// `( a, b )`; an empty member, as in `()` or `(a,)`, is the empty value.
    mutating func valueSet(_ key: String) throws(SelectorError) -> [String] {
        let open = next()
        guard open.kind == .open else { throw unexpected(open, expected: "'(' to start the list of values") }
        var values: Set<String> = []
        switch peek.kind {
        case .close:
            _ = next()
            return [""]
        case .word, .comma:
            break
        default:
            throw unexpected(peek, expected: "a value, ',' or ')'")
        }
        list: while true {
            let token = next()
            switch token.kind {
            case .word(let value):
                try check(value, key: key, at: token)
                values.insert(value)
                switch peek.kind {
                case .comma: continue list
                case .close: break list
                default: throw unexpected(peek, expected: "',' or ')'")
                }
            case .comma:
                if values.isEmpty { values.insert("") }
                if peek.kind == .close {
                    values.insert("")
                    break list
                }
                if peek.kind == .comma {
                    _ = next()
                    values.insert("")
                }
            default:
                throw unexpected(token, expected: "a value or ','")
            }
        }
        _ = next()
        return values.sorted()
    }

    mutating func exactValue(_ key: String) throws(SelectorError) -> String {
        if peek.kind == .end || peek.kind == .comma { return "" }
        let token = next()
        guard case .word(let value) = token.kind else { throw unexpected(token, expected: "a value") }
        try check(value, key: key, at: token)
        return value
    }

    mutating func integer(_ key: String, after op: Token, _ symbol: String) throws(SelectorError) -> Int64 {
        let value = try exactValue(key)
        guard let number = Int64(value) else {
            throw failure("the value after '\(symbol)' at column \(op.column) must be an integer, got \"\(value)\"")
        }
        return number
    }

    func check(_ value: String, key: String, at token: Token) throws(SelectorError) {
        let problems = LabelSyntax.valueProblems(value)
        guard problems.isEmpty else {
            throw failure("invalid value \"\(value)\" for label \"\(key)\" at column \(token.column): \(problems.joined(separator: "; "))")
        }
    }

    // MARK: Errors

    func failure(_ message: String) -> SelectorError {
        SelectorError("label selector \"\(text)\": \(message)")
    }

    func unexpected(_ token: Token, expected: String) -> SelectorError {
        let found: String
        switch token.kind {
        case .end: return failure("expected \(expected) at column \(token.column), found the end of the selector")
        case .word(let w): found = "\"\(w)\""
        case .comma: found = "','"
        case .open: found = "'('"
        case .close: found = "')'"
        case .equals: found = "'='"
        case .doubleEquals: found = "'=='"
        case .notEquals: found = "'!='"
        case .bang: found = "'!'"
        case .greater: found = "'>'"
        case .less: found = "'<'"
        }
        return failure("unexpected \(found) at column \(token.column); expected \(expected)")
    }
}

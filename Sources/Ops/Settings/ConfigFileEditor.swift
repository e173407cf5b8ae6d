import Foundation
import Yams

/// Changes one top-level scalar of a config file in place: the bytes of its value and nothing
/// else, so comments, order, quoting and spacing elsewhere survive byte for byte.
public enum ConfigFileEditor {
    /// `text` with the top-level `key` set to `value`: the old value's characters replaced on its
    /// line, or `key: value` appended when the key is absent. Refuses a value it cannot replace
    /// alone (a block scalar, a mapping, a flow-style document).
    public static func setting(_ key: String, to value: String, in text: String, path: String) throws(SettingsError) -> String {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SettingsError("\(path): not valid YAML: \(error)")
        }
        let rendered = scalar(value)
        guard let node else { return appending(key, rendered, to: text) }
        guard case .mapping(let mapping) = node else {
            throw SettingsError("\(path):\(node.mark?.line ?? 1): expected a mapping of keys to values")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let mark = node.mark, mark.line >= 1, mark.line <= lines.count,
           Array(lines[mark.line - 1]).dropFirst(max(0, mark.column - 1)).first == "{" {
            throw SettingsError("\(path): the file is one flow mapping ({…}); set \(key) by hand")
        }
        guard let pair = mapping.first(where: { $0.key.string == key }) else {
            return appending(key, rendered, to: text)
        }
        let line = pair.key.mark?.line ?? 0
        guard case .scalar(let old) = pair.value, let mark = pair.value.mark,
              old.style == .plain || old.style == .singleQuoted || old.style == .doubleQuoted else {
            throw SettingsError("\(path):\(line): \(key): expected a name on the key's line")
        }
        guard mark.line >= 1, mark.line <= lines.count else {
            throw SettingsError("\(path):\(line): \(key): cannot find its value")
        }
        let current = lines[mark.line - 1]
        let characters = Array(current)
        let start = mark.column - 1
        // An empty plain value (`currentContext:`) is marked where the next token starts.
        if mark.line != line || start < 0 || start >= characters.count || (old.style == .plain && old.string.isEmpty) {
            let keyLine = lines[line - 1]
            guard let colon = keyLine.firstIndex(of: ":") else { throw SettingsError("\(path):\(line): \(key): cannot find its value") }
            let head = String(keyLine[...colon])
            let rest = String(keyLine[keyLine.index(after: colon)...])
            let comment = rest.range(of: " #").map { String(rest[$0.lowerBound...]) } ?? ""
            lines[line - 1] = head + " " + rendered + comment
            return lines.joined(separator: "\n")
        }
        let end = valueEnd(characters, from: start, style: old.style)
        lines[mark.line - 1] = String(characters[..<start]) + rendered + String(characters[end...])
        return lines.joined(separator: "\n")
    }

    /// Rewrites the file at `path` with `key` set to `value` (through a temporary file renamed
    /// over it, keeping its permissions; a symbolic link keeps pointing at the file it names).
    public static func set(_ key: String, to value: String, inFileAt path: String) throws(SettingsError) {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { link in
            link.hasPrefix("/") ? link : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        } ?? path
        let text: String
        do { text = try String(contentsOfFile: target, encoding: .utf8) } catch {
            throw SettingsError("cannot read config file \(path): \(error.localizedDescription)")
        }
        let updated = try setting(key, to: value, in: text, path: path)
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).\(getpid()).tmp")
        let mode = (try? FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? 0o600
        do {
            try Data(updated.utf8).write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
            guard rename(temporary, target) == 0 else {
                throw SettingsError("cannot replace \(target): \(String(cString: strerror(errno)))")
            }
        } catch let error as SettingsError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SettingsError("cannot write config file \(path): \(error.localizedDescription)")
        }
    }

    /// Where a scalar starting at `start` ends (exclusive).
    static func valueEnd(_ line: [Character], from start: Int, style: Node.Scalar.Style) -> Int {
        switch style {
        case .singleQuoted:
            var i = start + 1
            while i < line.count {
                if line[i] == "'" {
                    if i + 1 < line.count, line[i + 1] == "'" { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return line.count
        case .doubleQuoted:
            var i = start + 1
            while i < line.count {
                if line[i] == "\\" { i += 2; continue }
                if line[i] == "\"" { return i + 1 }
                i += 1
            }
            return line.count
        default:
            // A plain scalar ends at a comment (` #`) or the end of the line; trailing spaces stay.
            var end = line.count
            for i in start..<line.count where line[i] == "#" && i > start && line[i - 1].isWhitespace {
                end = i
                break
            }
            while end > start, line[end - 1].isWhitespace { end -= 1 }
            return end
        }
    }

    /// `value` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func scalar(_ value: String) -> String {
        let plain = value.allSatisfy { $0.isLetter || $0.isNumber || "-_./@".contains($0) }
            && !value.isEmpty && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(value.lowercased())
            && Double(value) == nil && !value.hasPrefix("-")
        if plain { return value }
        var out = "\""
        for c in value.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7f { out += String(format: "\\x%02X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    private static func appending(_ key: String, _ rendered: String, to text: String) -> String {
        let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
        return text + separator + "\(key): \(rendered)\n"
    }
}

import Collections
import PodModel

/// Renders a YAML edit file with a `# CONFLICT` comment line right above each contested field.
///
/// A placeholder member is put into the document where each marker goes, the document is
/// rendered, and each placeholder line becomes the comment. Fields that cannot carry a comment
/// line of their own (the first member of a list item, whole list items, the root) get none;
/// the header lists every conflict anyway.
enum ConflictMarkers {
    /// The YAML text of `document` with markers for `conflicts`.
    static func yaml(_ document: JSONValue, conflicts: [MergeConflict]) -> String {
        let token = "poddeck-conflict-" + EditFile.randomSuffix()
        var marked = document
        var comments: [String: String] = [:]
        for (index, conflict) in conflicts.enumerated() {
            guard let steps = parse(conflict.path), !steps.isEmpty else { continue }
            let placeholder = "\(token)-\(index)"
            if insert(placeholder, at: steps[...], in: &marked, parentIsListItem: false) {
                comments[placeholder] = comment(conflict)
            }
        }
        let rendered = PodYAML.render(marked)
        guard !comments.isEmpty else { return rendered }
        var lines: [Substring] = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        for i in lines.indices {
            let line = lines[i]
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix(token), trimmed.hasSuffix(": null") else { continue }
            let key = String(trimmed.dropLast(": null".count))
            guard let text = comments[key] else { continue }
            lines[i] = line.prefix(line.count - trimmed.count) + Substring(text)
        }
        return lines.joined(separator: "\n")
    }

    static func comment(_ conflict: MergeConflict) -> String {
        let field = conflict.path.split(whereSeparator: { $0 == "." }).last.map(String.init) ?? conflict.path
        if conflict.theirs == nil {
            return "# CONFLICT: \(EditHeader.oneLine(field)) was removed by them (kept removed); mine: \(EditHeader.show(conflict.mine)), base: \(EditHeader.show(conflict.base))"
        }
        if conflict.mine == conflict.theirs {
            return "# CONFLICT: they made the same change as you, kept on the next line; base: \(EditHeader.show(conflict.base))"
        }
        return "# CONFLICT: their value is kept on the next line; mine: \(EditHeader.show(conflict.mine)), base: \(EditHeader.show(conflict.base))"
    }

    /// One step of a rendered field path.
    enum Step: Equatable {
        /// `.name`
        case member(String)
        /// `[text]`: a map key, a list index, or `name=x` for a named list item.
        case bracket(String)
    }

    /// Splits `spec.containers[name=web].image` or `metadata.labels[app.kubernetes.io/name]`.
    static func parse(_ path: String) -> [Step]? {
        var steps: [Step] = []
        let chars = Array(path)
        var i = 0
        var current = ""
        func flush() {
            if !current.isEmpty { steps.append(.member(current)) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                flush()
                i += 1
            } else if c == "[" {
                flush()
                // The bracket ends at the first "]" followed by the end, "." or "[".
                var j = i + 1
                var end: Int?
                while j < chars.count {
                    if chars[j] == "]" && (j + 1 == chars.count || chars[j + 1] == "." || chars[j + 1] == "[") {
                        end = j
                        break
                    }
                    j += 1
                }
                guard let end else { return nil }
                steps.append(.bracket(String(chars[(i + 1)..<end])))
                i = end + 1
            } else {
                current.append(c)
                i += 1
            }
        }
        flush()
        return steps
    }

    /// Puts `placeholder: null` before the field `steps` names (or at the end of its object when
    /// the field is absent). Returns false when there is no good place.
    static func insert(_ placeholder: String, at steps: ArraySlice<Step>, in value: inout JSONValue, parentIsListItem: Bool) -> Bool {
        guard let step = steps.first else { return false }
        switch value {
        case .object(var members):
            let key: String
            switch step {
            case .member(let name), .bracket(let name): key = name
            }
            if steps.count == 1 {
                // An empty object would render as a bare key (null) once the placeholder is a comment.
                guard !members.isEmpty else { return false }
                let position = members.index(forKey: key) ?? members.count
                if position == 0 && parentIsListItem { return false }
                members.updateValue(.null, forKey: placeholder, insertingAt: position)
                value = .object(members)
                return true
            }
            guard var child = members[key] else { return false }
            guard insert(placeholder, at: steps.dropFirst(), in: &child, parentIsListItem: false) else { return false }
            members[key] = child
            value = .object(members)
            return true
        case .array(var elements):
            guard steps.count > 1, case .bracket(let text) = step else { return false }
            let index: Int?
            if text.hasPrefix("name=") {
                let name = String(text.dropFirst(5))
                index = elements.firstIndex { $0["name"]?.stringValue == name }
            } else {
                index = Int(text).flatMap { $0 >= 0 && $0 < elements.count ? $0 : nil }
            }
            guard let index else { return false }
            var child = elements[index]
            guard insert(placeholder, at: steps.dropFirst(), in: &child, parentIsListItem: true) else { return false }
            elements[index] = child
            value = .array(elements)
            return true
        default:
            return false
        }
    }
}

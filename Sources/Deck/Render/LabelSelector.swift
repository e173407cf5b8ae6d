/// A Kubernetes-style equality label selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated
/// (all must hold).
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// One requirement.
    public enum Requirement: Sendable, Equatable {
        /// Label equals value.
        case equals(String, String)
        /// Label absent or different.
        case notEquals(String, String)
        /// Label present.
        case exists(String)
        /// Label absent.
        case notExists(String)
    }

    /// The requirements.
    public var requirements: [Requirement]

    /// Parses a selector; throws a message naming the bad part.
    public init(parsing text: String) throws(SelectorError) {
        var reqs: [Requirement] = []
        for raw in text.split(separator: ",") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            guard !part.isEmpty else { continue }
            if let r = part.range(of: "!=") {
                let k = part[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                let v = part[r.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !k.isEmpty else { throw SelectorError("label selector \(text): missing key in \(part)") }
                reqs.append(.notEquals(k, v))
            } else if let r = part.range(of: "==") ?? part.range(of: "=") {
                let k = part[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                let v = part[r.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !k.isEmpty else { throw SelectorError("label selector \(text): missing key in \(part)") }
                reqs.append(.equals(k, v))
            } else if part.hasPrefix("!") {
                let k = part.dropFirst().trimmingCharacters(in: .whitespaces)
                guard !k.isEmpty else { throw SelectorError("label selector \(text): missing key after !") }
                reqs.append(.notExists(k))
            } else {
                reqs.append(.exists(part))
            }
        }
        guard !reqs.isEmpty else { throw SelectorError("label selector is empty (expected key=value)") }
        requirements = reqs
    }

    /// Whether labels (as key/value pairs) satisfy every requirement.
    public func matches(_ labels: [(key: String, value: String)]) -> Bool {
        func value(_ k: String) -> String? { labels.first { $0.key == k }?.value }
        return requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): return value(k) == v
            case .notEquals(let k, let v): return value(k) != v
            case .exists(let k): return value(k) != nil
            case .notExists(let k): return value(k) == nil
            }
        }
    }

    /// The selector as text.
    public var description: String {
        requirements.map { r in
            switch r {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .exists(let k): return k
            case .notExists(let k): return "!\(k)"
            }
        }.joined(separator: ",")
    }
}

/// A selector that could not be parsed.
public struct SelectorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong.
    public var description: String
    init(_ d: String) { description = d }
}

import Foundation

/// A Kubernetes label selector (`k8s.io/apimachinery/pkg/labels.Parse`): comma-separated
/// requirements that must all hold.
///
/// Each requirement is `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists),
/// `!k` (does not exist), `k>N` or `k<N` (integer comparison). Keys must be qualified names
/// and values label values, as Kubernetes checks them; the empty selector selects everything.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// One requirement on one label.
    public enum Requirement: Sendable, Equatable {
        /// The label is present with this value (`k=v`, `k==v`).
        case equals(String, String)
        /// The label is absent or has another value (`k!=v`).
        case notEquals(String, String)
        /// The label is present with one of the values (`k in (a,b)`), sorted and unique.
        case `in`(String, [String])
        /// The label is absent or has none of the values (`k notin (a,b)`), sorted and unique.
        case notIn(String, [String])
        /// The label is present (`k`).
        case exists(String)
        /// The label is absent (`!k`).
        case notExists(String)
        /// The label is present, is an integer, and is greater than this (`k>N`).
        case greaterThan(String, Int64)
        /// The label is present, is an integer, and is less than this (`k<N`).
        case lessThan(String, Int64)

        /// The label the requirement is about.
        public var key: String {
            switch self {
            case .equals(let k, _), .notEquals(let k, _), .in(let k, _), .notIn(let k, _),
                 .exists(let k), .notExists(let k), .greaterThan(let k, _), .lessThan(let k, _):
                return k
            }
        }

        /// Whether the label's value (nil when absent) satisfies the requirement.
        public func matches(_ value: String?) -> Bool {
            switch self {
            case .equals(_, let v): return value == v
            case .notEquals(_, let v): return value != v
            case .in(_, let vs): return value.map(vs.contains) ?? false
            case .notIn(_, let vs): return !(value.map(vs.contains) ?? false)
            case .exists: return value != nil
            case .notExists: return value == nil
            case .greaterThan(_, let n): return value.flatMap { Int64($0) }.map { $0 > n } ?? false
            case .lessThan(_, let n): return value.flatMap { Int64($0) }.map { $0 < n } ?? false
            }
        }

        /// The requirement as Kubernetes writes it, e.g. `k in (a,b)` or `!k`.
        public var text: String {
            switch self {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .in(let k, let vs): return "\(k) in (\(vs.joined(separator: ",")))"
            case .notIn(let k, let vs): return "\(k) notin (\(vs.joined(separator: ",")))"
            case .exists(let k): return k
            case .notExists(let k): return "!\(k)"
            case .greaterThan(let k, let n): return "\(k)>\(n)"
            case .lessThan(let k, let n): return "\(k)<\(n)"
            }
        }
    }

    /// The requirements, in the order given; none selects everything.
    public var requirements: [Requirement]

    /// A selector with these requirements.
    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// Parses a selector with Kubernetes' grammar and checks; throws an error naming the
    /// selector, the column and what was expected there.
    public init(parsing text: String) throws(SelectorError) {
        requirements = try LabelSelectorParser.parse(text)
    }

    /// Whether labels (as key/value pairs) satisfy every requirement.
    public func matches(_ labels: [(key: String, value: String)]) -> Bool {
        requirements.allSatisfy { r in
            let key = r.key
            return r.matches(labels.first { $0.key == key }?.value)
        }
    }

    /// The selector as text (Kubernetes' spelling of each requirement, comma-separated).
    public var description: String {
        requirements.map(\.text).joined(separator: ",")
    }
}

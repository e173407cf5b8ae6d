import Foundation

/// One entry of `status.conditions`, e.g. `Ready` = `True`.
public struct PodCondition: Sendable, Hashable {
    /// The condition type, e.g. `Ready`, `PodScheduled`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// A machine-readable reason, when given.
    public var reason: String?
    /// A human-readable message, when given.
    public var message: String?
    /// When the status last changed.
    public var lastTransitionTime: Date?

    /// Reads a condition object; missing or mistyped fields fall back to empty values.
    public init(json: JSONValue) {
        type = json["type"]?.stringValue ?? ""
        status = json["status"]?.stringValue ?? ""
        reason = json["reason"]?.stringValue
        message = json["message"]?.stringValue
        lastTransitionTime = json["lastTransitionTime"]?.stringValue.flatMap(RFC3339.date(from:))
    }

    /// Whether the status is `True`.
    public var isTrue: Bool {
        status == "True"
    }
}

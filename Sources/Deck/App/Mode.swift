/// Which screen is showing.
public enum Mode: Sendable, Equatable {
    /// The pod list.
    case list
    /// Details of one pod.
    case detail(PodKey)
    /// One pod as YAML.
    case yaml(PodKey)
    /// Key help.
    case help
    /// An edit's diff, waiting for Enter.
    case review
    /// An edit that conflicts, waiting for a choice.
    case conflict
    /// The versions etcd holds for a pod.
    case history(PodKey)
    /// The contexts of the config file (`:ctx`).
    case contexts
}

/// A line being typed at the bottom: a filter, a command or a search.
public struct Prompt: Sendable, Equatable {
    /// What the text is for.
    public enum Kind: Sendable, Equatable {
        /// `/` on the list.
        case filter
        /// `:`.
        case command
        /// `/` in a text pane.
        case search
    }
    /// What it is for.
    public var kind: Kind
    /// The text so far.
    public var text: String
    /// For a filter: the filter in effect when the prompt opened (Esc puts it back).
    public var filterBefore: ListFilter? = nil
}

/// A transient message in the status line.
public struct StatusMessage: Sendable, Equatable {
    /// Severity.
    public enum Kind: Sendable, Equatable { case info, warning, error }
    /// The text.
    public var text: String
    /// Severity.
    public var kind: Kind
    /// When it disappears (nil: until replaced).
    public var until: Date?
}

import Foundation
import Ops

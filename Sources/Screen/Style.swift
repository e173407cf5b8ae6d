/// How a cell looks: foreground, background and attributes.
///
/// `.default` colours and empty attributes mean "not set" when one style is
/// patched onto another with ``patched(with:)``.
public struct Style: Hashable, Sendable {
    /// The foreground colour.
    public var fg: Color
    /// The background colour.
    public var bg: Color
    /// The text attributes.
    public var attributes: Attributes

    /// Creates a style.
    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default look: default colours, no attributes.
    public static let plain = Style()

    /// Returns this style with the set fields of `other` applied on top.
    ///
    /// A non-default colour of `other` replaces the colour of `self`; the attributes
    /// of both are combined (patching never removes an attribute).
    public func patched(with other: Style) -> Style {
        Style(
            fg: other.fg == .default ? fg : other.fg,
            bg: other.bg == .default ? bg : other.bg,
            attributes: attributes.union(other.attributes)
        )
    }

    /// Returns this style with a different foreground colour.
    public func foreground(_ color: Color) -> Style {
        var copy = self
        copy.fg = color
        return copy
    }

    /// Returns this style with a different background colour.
    public func background(_ color: Color) -> Style {
        var copy = self
        copy.bg = color
        return copy
    }

    /// Returns this style with `attributes` added.
    public func adding(_ attributes: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(attributes)
        return copy
    }

    /// Returns this style with bold added.
    public func bold() -> Style { adding(.bold) }
    /// Returns this style with dim added.
    public func dim() -> Style { adding(.dim) }
    /// Returns this style with italic added.
    public func italic() -> Style { adding(.italic) }
    /// Returns this style with underline added.
    public func underline() -> Style { adding(.underline) }
    /// Returns this style with reverse video added.
    public func reverse() -> Style { adding(.reverse) }
}

/// A size in terminal cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    /// Number of columns.
    public var width: Int
    /// Number of rows.
    public var height: Int

    /// Creates a size; negative values are clamped to zero.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The zero size.
    public static let zero = Size(width: 0, height: 0)

    /// `"WxH"`.
    public var description: String { "\(width)x\(height)" }
}

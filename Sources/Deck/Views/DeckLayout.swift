/// Fixed rows of the screen layout.
public enum DeckLayout {
    /// Smallest usable terminal.
    public static let minimumWidth = 60
    /// Smallest usable terminal.
    public static let minimumHeight = 12
    /// First row of table rows (after 3 header lines and the column heading).
    public static let tableBodyTop = 4
}

/// Something that draws itself into a rectangle of a ``Buffer``.
///
/// Widgets are plain values built for one frame; rendering never touches the terminal.
public protocol Widget {
    /// Draws the widget into `area` of `buffer`, never outside it.
    func render(into buffer: inout Buffer, area: Rect)
}

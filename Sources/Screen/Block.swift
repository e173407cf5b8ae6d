import TerminalText

/// A box border (`┌─┐│└┘`) with an optional title in the top edge.
public struct Block: Widget, Sendable {
    /// The title shown after the top-left corner; elided when too long.
    public var title: String
    /// The style of the border lines.
    public var borderStyle: Style
    /// The style of the title.
    public var titleStyle: Style
    /// The style the inside is filled with, or nil to leave the inside alone.
    public var fillStyle: Style?

    /// Creates a block.
    public init(title: String = "", borderStyle: Style = .plain, titleStyle: Style = .plain, fillStyle: Style? = nil) {
        self.title = title
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.fillStyle = fillStyle
    }

    /// The area inside the border of a block drawn in `rect`.
    public static func inner(of rect: Rect) -> Rect {
        rect.inset(by: 1)
    }

    /// Draws the border and title; fills the inside when ``fillStyle`` is set.
    public func render(into buffer: inout Buffer, area: Rect) {
        let r = area.intersection(buffer.area)
        guard r.width >= 2, r.height >= 2 else { return }
        if let fillStyle { buffer.fill(Block.inner(of: r), style: fillStyle) }
        let right = r.maxX - 1
        let bottom = r.maxY - 1
        buffer.put("┌", x: r.x, y: r.y, style: borderStyle)
        buffer.put("┐", x: right, y: r.y, style: borderStyle)
        buffer.put("└", x: r.x, y: bottom, style: borderStyle)
        buffer.put("┘", x: right, y: bottom, style: borderStyle)
        for x in (r.x + 1)..<right {
            buffer.put("─", x: x, y: r.y, style: borderStyle)
            buffer.put("─", x: x, y: bottom, style: borderStyle)
        }
        for y in (r.y + 1)..<bottom {
            buffer.put("│", x: r.x, y: y, style: borderStyle)
            buffer.put("│", x: right, y: y, style: borderStyle)
        }
        let room = r.width - 4
        if !title.isEmpty && room > 0 {
            let text = DisplayWidth.of(title) <= room ? title : nil
            if let text {
                buffer.put(" " + text + " ", x: r.x + 1, y: r.y, style: titleStyle)
            } else {
                buffer.put(" ", x: r.x + 1, y: r.y, style: titleStyle)
                buffer.putElided(title, x: r.x + 2, y: r.y, width: room, style: titleStyle)
                buffer.put(" ", x: r.x + 2 + room, y: r.y, style: titleStyle)
            }
        }
    }
}

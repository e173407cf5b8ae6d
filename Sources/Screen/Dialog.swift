import TerminalText

/// A modal box centred over what is beneath it: a title, body lines and a row of buttons.
public struct Dialog: Widget, Sendable {
    /// The title in the top border.
    public var title: String
    /// The body lines (clipped to the box).
    public var body: [Line]
    /// The button labels, left to right.
    public var buttons: [String]
    /// The highlighted button.
    public var selectedButton: Int
    /// The style of the box (it clears what is beneath).
    public var style: Style
    /// The style of the border.
    public var borderStyle: Style
    /// The style of the title.
    public var titleStyle: Style
    /// The style of the buttons.
    public var buttonStyle: Style
    /// The style patched onto the selected button.
    public var selectedButtonStyle: Style
    /// The smallest box width, border included.
    public var minWidth: Int

    /// Creates a dialog.
    public init(
        title: String,
        body: [Line],
        buttons: [String] = ["OK"],
        selectedButton: Int = 0,
        style: Style = .plain,
        borderStyle: Style = .plain,
        titleStyle: Style = Style.plain.bold(),
        buttonStyle: Style = .plain,
        selectedButtonStyle: Style = Style.plain.reverse(),
        minWidth: Int = 20
    ) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.selectedButton = selectedButton
        self.style = style
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.buttonStyle = buttonStyle
        self.selectedButtonStyle = selectedButtonStyle
        self.minWidth = minWidth
    }

    /// Width of the button row: `[ OK ]  [ Cancel ]`.
    var buttonRowWidth: Int {
        guard !buttons.isEmpty else { return 0 }
        return buttons.reduce(0) { $0 + DisplayWidth.of($1) + 4 } + 2 * (buttons.count - 1)
    }

    /// The box a render into `area` draws.
    public func frame(in area: Rect) -> Rect {
        let contentWidth = max(DisplayWidth.of(title) + 2, buttonRowWidth, body.map(\.width).max() ?? 0)
        let width = max(minWidth, contentWidth + 4)
        let height = body.count + 2 + (buttons.isEmpty ? 0 : 2)
        return Rect.centered(width: width, height: height, in: area)
    }

    /// The rectangle of button `index` in a render into `area`, for mouse hits.
    public func buttonFrame(_ index: Int, in area: Rect) -> Rect? {
        guard buttons.indices.contains(index) else { return nil }
        let box = frame(in: area)
        guard box.height >= 3 else { return nil }
        var x = box.x + max(1, (box.width - buttonRowWidth) / 2)
        for k in 0..<index { x += DisplayWidth.of(buttons[k]) + 6 }
        return Rect(x: x, y: box.maxY - 2, width: DisplayWidth.of(buttons[index]) + 4, height: 1)
            .intersection(Block.inner(of: box))
    }

    /// Clears the box, draws the border, title, body and buttons.
    public func render(into buffer: inout Buffer, area: Rect) {
        let box = frame(in: area.intersection(buffer.area))
        guard box.width >= 2, box.height >= 2 else { return }
        buffer.fill(box, style: style)
        Block(title: title, borderStyle: borderStyle, titleStyle: titleStyle).render(into: &buffer, area: box)
        let inner = Block.inner(of: box).inset(horizontal: 1, vertical: 0)
        let bodyRows = buttons.isEmpty ? inner.height : max(0, inner.height - 2)
        for (k, line) in body.prefix(bodyRows).enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + k, maxWidth: inner.width)
        }
        for index in buttons.indices {
            guard let rect = buttonFrame(index, in: area.intersection(buffer.area)), !rect.isEmpty else { continue }
            let buttonStyle = index == selectedButton ? self.buttonStyle.patched(with: selectedButtonStyle) : self.buttonStyle
            buffer.putElided("[ \(buttons[index]) ]", x: rect.x, y: rect.y, width: rect.width, style: buttonStyle)
        }
    }
}

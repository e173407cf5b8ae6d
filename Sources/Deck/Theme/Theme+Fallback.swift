import Screen

extension Theme {
    /// The built-in dark theme, used when no theme file loads; the same as `themes/default.yaml`.
    public static let fallback = Theme(name: "default", source: "built-in", specs: fallbackSpecs)

    /// The styles of the built-in theme as `themes/default.yaml` writes them.
    static let fallbackSpecs: [ThemeKey: StyleSpec] = [
        .body: StyleSpec(fg: .default, bg: .default),
        .header: StyleSpec(fg: .brightWhite, bg: .blue, attributes: .bold),
        .title: StyleSpec(fg: .brightCyan, attributes: .bold),
        .border: StyleSpec(fg: .brightBlack),
        .columnHeader: StyleSpec(fg: .brightWhite, attributes: .bold),
        .selection: StyleSpec(fg: .black, bg: .cyan),
        .dim: StyleSpec(fg: .brightBlack),
        .error: StyleSpec(fg: .brightRed, attributes: .bold),
        .warning: StyleSpec(fg: .brightYellow),
        .info: StyleSpec(fg: .brightGreen),
        .keyHintKey: StyleSpec(fg: .brightYellow, attributes: .bold),
        .keyHint: StyleSpec(fg: .white),
        .filterPrompt: StyleSpec(fg: .brightMagenta, attributes: .bold),
        .searchMatch: StyleSpec(fg: .black, bg: .yellow),
        .statusRunning: StyleSpec(fg: .brightGreen),
        .statusPending: StyleSpec(fg: .brightYellow),
        .statusSucceeded: StyleSpec(fg: .brightBlue),
        .statusFailed: StyleSpec(fg: .brightRed, attributes: .bold),
        .statusTerminating: StyleSpec(fg: .brightMagenta),
        .statusUnknown: StyleSpec(fg: .brightBlack),
        .rowAdded: StyleSpec(fg: .brightGreen, attributes: .bold),
        .rowChanged: StyleSpec(fg: .brightYellow, attributes: .bold),
        .rowDeleted: StyleSpec(fg: .red, attributes: .dim),
        .probeOk: StyleSpec(fg: .brightGreen),
        .probeFailing: StyleSpec(fg: .brightRed, attributes: .bold),
        .probeWarning: StyleSpec(fg: .brightYellow),
        .probeUnknown: StyleSpec(fg: .brightBlack),
        .pullProgress: StyleSpec(fg: .brightCyan),
        .pullDone: StyleSpec(fg: .brightGreen),
        .pullError: StyleSpec(fg: .brightRed, attributes: .bold),
        .diffAdded: StyleSpec(fg: .green),
        .diffRemoved: StyleSpec(fg: .red),
    ]
}

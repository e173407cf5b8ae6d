/// Strings a hostile value in etcd carries into names, labels, images and messages: terminal
/// escape sequences, C0 and C1 controls, a right-to-left override, 10 KB of text and bytes that
/// are not UTF-8. Shared by the hostile-data drill and the pod value fixtures.
public enum HostileText {
    /// Clears the screen and homes the cursor.
    public static let clear = "clear\u{1b}[2J\u{1b}[H-me"
    /// Sets the terminal's title (OSC 0).
    public static let title = "\u{1b}]0;drill-title\u{07}"
    /// A device control string.
    public static let dcs = "img\u{1b}P+q544e\u{1b}\\:1"
    /// C0 and C1 control characters, a CSI among them.
    public static let controls = "C0 \u{01}\u{07}\u{08}\r\u{0b}\u{7f} C1 \u{9b}31m\u{85}\u{90}\u{9d}0;x\u{9c} end"
    /// A right-to-left override hiding an extension.
    public static let rightToLeft = "rtl-\u{202e}gnp.exe"
    /// 10,240 characters.
    public static let long = String(repeating: "L", count: 10_240)
    /// Bytes that are not UTF-8, an escape sequence and a raw C1 CSI among them.
    public static let notUTF8: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28, 0x1B, 0x5B, 0x32, 0x4A, 0xC2, 0x9B]
}

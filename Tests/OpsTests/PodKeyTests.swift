import Ops
import Testing
import TestSupport

/// Keys read from etcd's bytes are the keys read from their text.
@Suite("pod keys")
struct PodKeyTests {
    static let keys: [[UInt8]] = {
        let texts = [
            "/registry/pods/shop/web", "/registry/pods/shop/web-0", "/registry/pods/a/b", "/registry/pods/kube-system/coredns-5d78c9869d-x2lmp",
            "/registry/pods/shop", "/registry/pods/shop/", "/registry/pods//web", "/registry/pods/shop/web/extra", "/registry/pods/",
            "/registry/pod/shop/web", "/registry/podsx/shop/web", "/registry/services/shop/web", "/registryx/pods/shop/web",
            "/registry", "", "/", "registry/pods/shop/web", "/registry/pods/ünï/cödé", "/registry/pods/shop/w\u{301}eb",
            "/registry/pods/shop//", "/registry/pods/shop/web\u{1b}[2J", "/registry/pods/\(HostileText.rightToLeft)/x",
            "/registry/pods/shop/\(HostileText.long)", "/other/pods/shop/web", "/pods/shop/web", "/registry/pods/shop/\u{0338}x",
        ]
        return texts.map { Array($0.utf8) } + [
            Array("/registry/pods/shop/".utf8) + HostileText.notUTF8,
            Array("/registry/pods/".utf8) + HostileText.notUTF8 + Array("/web".utf8),
            Array("/registry/".utf8) + [0xFF] + Array("pods/shop/web".utf8),
        ]
    }()

    @Test(arguments: ["/registry", "/registry/", "", "/", "/other", "/registry/pods"])
    func bytesAndTextGiveTheSameKey(prefix: String) {
        var matched = 0
        for key in Self.keys {
            let text = String(decoding: key, as: UTF8.self)
            let fromText = PodKey(etcdKey: text, prefix: prefix)
            #expect(PodKey(etcdKey: key, prefix: prefix) == fromText, "\(text.debugDescription) under \(prefix.debugDescription)")
            if fromText != nil { matched += 1 }
        }
        // Eleven keys are pods under /registry (a combining mark after the slash is not a slash,
        // as in the text), so the comparison is not only of nils.
        let expected = ["/registry": 11, "/registry/": 11, "": 1, "/": 1, "/other": 1, "/registry/pods": 0][prefix]
        #expect(matched == expected)
    }

    @Test func anASCIIKeySplitsIntoNamespaceAndName() {
        #expect(PodKey(etcdKey: Array("/registry/pods/shop/web-0".utf8), prefix: "/registry") == PodKey(namespace: "shop", name: "web-0"))
        #expect(PodKey(etcdKey: Array("/registry/pods/shop/web/x".utf8), prefix: "/registry") == nil)
    }
}

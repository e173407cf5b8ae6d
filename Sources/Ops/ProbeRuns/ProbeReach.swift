import Foundation

/// Where probes may connect: the pod's own IP, and the hosts the operator allowed
/// (`probes.allowHosts`).
///
/// A probe spec comes from etcd and is untrusted: it must not make the operator's workstation
/// connect wherever it likes (with the operator's network position and the spec's headers).
/// So a probe whose `host` names anything but the pod IP, and any probe to a link-local or cloud
/// metadata address (169.254.0.0/16, fe80::/10, fd00:ec2::254) even when it is the pod IP, runs
/// only when an allowance matches the target: an exact host name or IP, or a CIDR range.
public struct ProbeReach: Sendable, Hashable {
    /// Host names, IPs and CIDR ranges (`10.0.0.0/8`, `fd00::/8`) probes may reach besides pod IPs.
    public var allowHosts: [String]

    /// Creates a reach with `allowHosts` allowances.
    public init(allowHosts: [String] = []) {
        self.allowHosts = allowHosts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Why a probe to `host` must not be sent, or nil when it may. `named` says the spec's
    /// `host` field named it (else it is the pod IP).
    public func refusal(host: String, podIP: String?, named: Bool) -> String? {
        let target = Self.bare(host)
        if isAllowed(target) { return nil }
        let address = IPAddress(target)
        if !named, address == nil {
            return "status.podIP \"\(host)\" is not an IP address; not probed"
        }
        if let address, address.isLinkLocalOrMetadata {
            return "probe target \(host) is a link-local or metadata address; not probed (allow it with probes.allowHosts)"
        }
        if named, target != podIP.map(Self.bare) {
            let ip = podIP.map { " (\($0))" } ?? ""
            return "probe target \(host) is not the pod IP\(ip); not probed (allow it with probes.allowHosts)"
        }
        return nil
    }

    /// Whether an allowance matches `host`.
    func isAllowed(_ host: String) -> Bool {
        let address = IPAddress(host)
        for rule in allowHosts {
            if let slash = rule.firstIndex(of: "/"), let address,
               let network = IPAddress(String(rule[..<slash])), let bits = Int(rule[rule.index(after: slash)...]) {
                if network.contains(address, prefixLength: bits) { return true }
            } else if let address, let ruleAddress = IPAddress(Self.bare(rule)) {
                if ruleAddress == address { return true }
            } else if Self.bare(rule).lowercased() == host.lowercased() {
                return true
            }
        }
        return false
    }

    /// `[fe80::1]` → `fe80::1`.
    static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

/// An IPv4 or IPv6 address as its bytes (IPv4-mapped IPv6 addresses count as IPv4).
struct IPAddress: Hashable {
    /// 4 or 16 bytes.
    var bytes: [UInt8]

    /// Parses an IP literal; nil for anything else (host names, decimal or octal forms).
    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = all[0..<10].allSatisfy { $0 == 0 } && all[10] == 0xff && all[11] == 0xff ? Array(all[12...]) : all
        } else {
            return nil
        }
    }

    /// 169.254.0.0/16, fe80::/10, or AWS's IPv6 metadata address fd00:ec2::254.
    var isLinkLocalOrMetadata: Bool {
        if bytes.count == 4 { return bytes[0] == 169 && bytes[1] == 254 }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return true }
        return self == IPAddress("fd00:ec2::254")
    }

    /// Whether `other` lies in this network of `prefixLength` bits.
    func contains(_ other: IPAddress, prefixLength: Int) -> Bool {
        guard other.bytes.count == bytes.count, prefixLength >= 0, prefixLength <= bytes.count * 8 else { return false }
        var remaining = prefixLength
        for (a, b) in zip(bytes, other.bytes) {
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }
}

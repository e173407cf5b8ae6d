import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns network errors into the short phrases probe messages use (`connection refused`,
/// `connection reset`, `timeout after 1s`).
enum ProbeErrorText {
    /// A short, readable description of `error`; `timeout` is named when the error is a timeout.
    static func describe(_ error: any Error, timeout: Duration) -> String {
        switch error {
        case let error as IOError:
            return describe(errno: error.errnoCode)
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return describe(first.error, timeout: timeout)
            }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "no such host \(error.host)"
            }
            return "cannot connect to \(error.host):\(error.port)"
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return timeoutText(timeout)
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return "connection closed before a response"
            default: return "\(error)"
            }
        case is SocketAddressError:
            return "no such host"
        case let error as NIOSSLError:
            return "TLS error: \(error)"
        case let error as BoringSSLError:
            return "TLS error: \(error)"
        case let error as HTTPParserError:
            return "malformed HTTP response (\(error))"
        case is CancellationError:
            return "cancelled"
        default:
            return "\(error)"
        }
    }

    /// `timeout after 1s`.
    static func timeoutText(_ timeout: Duration) -> String {
        "timeout after \(timeout.probeText)"
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ECONNRESET: return "connection reset"
        case EPIPE: return "connection reset (broken pipe)"
        case ETIMEDOUT: return "connection timed out"
        case EHOSTUNREACH: return "no route to host"
        case ENETUNREACH: return "network is unreachable"
        case EADDRNOTAVAIL: return "address not available"
        default: return String(cString: strerror(code))
        }
    }
}

import Etcd
import Foundation
import Logging

/// Turns settings into an etcd client: endpoints, TLS, credentials (from `--user name:password`,
/// `--password-file`, `ETCDCTL_PASSWORD`, or a prompt on the terminal).
public enum EtcdConnector {
    /// Builds the configuration. `prompt` asks for a password when one is needed and none was
    /// given (nil when there is no terminal). Warnings go to `warn`.
    public static func configuration(_ settings: DeckSettings, environment: [String: String],
                                     prompt: ((String) -> String?)?, warn: (String) -> Void) throws(CommandFailure) -> EtcdConfiguration {
        var endpoints: [EtcdEndpoint] = []
        for text in settings.endpoints {
            do { endpoints.append(try EtcdEndpoint(parsing: text)) } catch {
                throw CommandFailure(.usage, "--endpoints: \(error.message)")
            }
        }
        var config = EtcdConfiguration(endpoints: endpoints, dialTimeout: settings.dialTimeout,
                                       requestTimeout: settings.timeout, pageSize: settings.pageSize)
        if settings.cacert != nil || settings.cert != nil || settings.key != nil || settings.insecureSkipTLSVerify
            || endpoints.contains(where: \.secure) {
            config.tls = EtcdTLS(caFile: settings.cacert, certFile: settings.cert, keyFile: settings.key,
                                 insecureSkipVerify: settings.insecureSkipTLSVerify)
            if settings.insecureSkipTLSVerify {
                warn("warning: --insecure-skip-tls-verify: the etcd server's certificate is not checked; anyone on the path can read and change what you see and write")
            }
        }
        if let user = settings.user {
            var name = user
            var password: String?
            if let colon = user.firstIndex(of: ":") {
                name = String(user[..<colon])
                password = String(user[user.index(after: colon)...])
                warn("warning: a password in --user is visible to other users of this machine; use --password-file or the prompt")
            }
            if password == nil, let file = settings.passwordFile {
                do {
                    let text = try String(contentsOfFile: file, encoding: .utf8)
                    password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                } catch {
                    throw CommandFailure(.runtime, "cannot read --password-file \(file): \(error.localizedDescription)")
                }
            }
            if password == nil, let env = environment["ETCDCTL_PASSWORD"] ?? environment["PODDECK_PASSWORD"] {
                password = env
            }
            if password == nil, let prompt {
                password = prompt("Password for etcd user \(name): ")
            }
            guard let password else {
                throw CommandFailure(.usage, "--user \(name) needs a password: use --password-file FILE, ETCDCTL_PASSWORD, or run on a terminal to be prompted")
            }
            config.credentials = EtcdCredentials(user: name, password: password)
        }
        return config
    }

    /// Builds a client; failures are usage errors with the reason.
    public static func client(_ settings: DeckSettings, environment: [String: String],
                              prompt: ((String) -> String?)?, warn: (String) -> Void,
                              logger: Logger = Logger(label: "poddeck.etcd")) throws(CommandFailure) -> EtcdClient {
        let config = try configuration(settings, environment: environment, prompt: prompt, warn: warn)
        do { return try EtcdClient(configuration: config, logger: logger) } catch {
            throw CommandFailure(.usage, error.description)
        }
    }

    /// Reads a password from the terminal without echo; nil when stdin is not a terminal.
    public static func terminalPrompt(_ message: String) -> String? {
        guard isatty(0) == 1 else { return nil }
        guard let raw = getpass(message) else { return nil }
        return String(cString: raw)
    }
}

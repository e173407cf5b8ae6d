import Logging

/// Sends diagnostics to stderr at the chosen level (once per process).
enum Logging {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(level: String) {
        guard !done else { return }
        done = true
        let parsed = Logger.Level(rawValue: level.lowercased()) ?? .error
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }
}

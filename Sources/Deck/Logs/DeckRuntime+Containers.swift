import Foundation

extension DeckRuntime {
    /// Hands the terminal to a shell for the duration of `run`; the dashboard comes back as it was.
    func whileShellRuns(_ run: @MainActor () async -> Void) async {
        suspended = true
        backend.suspend()
        await run()
        backend.resume()
        suspended = false
        lastFrame = nil
        draw()
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension DockerDaemon {
    /// Kills the daemon abruptly (SIGKILL, by PID), then stops the containerd it had started,
    /// which would otherwise outlive it. ``stop()`` still cleans up the directory afterwards.
    public func killAbruptly() async {
        let children = (try? await ProcessTree.children(of: process.pid)) ?? []
        process.kill9()
        for child in children {
            kill(child, SIGTERM)
        }
        for child in children {
            for _ in 0..<200 where kill(child, 0) == 0 { usleep(25_000) }
            if kill(child, 0) == 0 { kill(child, SIGKILL) }
        }
    }
}

extension RegistryServer {
    /// Kills the registry abruptly (SIGKILL, by PID).
    public func kill() { process.kill9() }
}

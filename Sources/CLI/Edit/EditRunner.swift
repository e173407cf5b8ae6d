import Foundation
import Ops
import PodModel

/// `poddeck edit pod NS/NAME`: the edit loop without a dashboard.
///
/// editor → unchanged or emptied: cancelled; invalid: the file reopens with the errors until it
/// is valid or the operator gives up (empties it, or closes it unchanged); renamed: refused; valid: saved on the base revision,
/// merged when the pod changed elsewhere, and on a clash either reopened for another round
/// (`interactive`, a terminal on stdin) or reported with exit 4. Every failure keeps the file
/// and prints its path.
public enum EditRunner {
    /// Runs the loop for the pod at `key`.
    public static func run(store: PodStore, key: PodKey, format: EditFormat, readonly: Bool,
                           launcher: any EditorLauncher, interactive: Bool, console: Console,
                           environment: [String: String] = ProcessInfo.processInfo.environment) async throws(CommandFailure) {
        if readonly { throw ReadOnly.refusal("edit") }
        var session: EditSession
        do { session = try await EditSession.begin(store: store, key: key, format: format, environment: environment) } catch {
            switch error {
            case .notFound: throw CommandFailure(.notFound, "pod \(key) not found (no key \(Sanitize.line(key.etcdKey(prefix: store.prefix))))")
            case .unreadable: throw CommandFailure(.invalid, Sanitize.line(error.description))
            default: throw CommandFailure(.runtime, error.description)
            }
        }
        let name = Sanitize.line(key.name)
        while true {
            let exit = await launcher.edit(session.filePath)
            guard exit.succeeded else {
                throw CommandFailure(.runtime, ["the editor \(exit); nothing written", kept(session)])
            }
            switch session.readBack() {
            case .unchanged:
                session.discard()
                console.out("Edit cancelled, no changes made.")
                return
            case .emptied:
                if session.lastInvalidText != nil {
                    try? session.reopenWithErrors(session.problems)
                    throw CommandFailure(.invalid, ["edit abandoned with errors; nothing written"]
                                         + session.problems.map { "  * \(Sanitize.line($0.description))" } + [kept(session)])
                }
                session.discard()
                console.out("Edit cancelled, no changes made.")
                return
            case .unchangedWithErrors(let problems):
                throw CommandFailure(.invalid, ["the edit was saved again with the same errors; nothing written"]
                                     + problems.map { "  * \(Sanitize.line($0.description))" } + [kept(session)])
            case .invalid(let problems):
                do { try session.reopenWithErrors(problems) } catch {
                    throw CommandFailure(.runtime, [error.description, kept(session)])
                }
            case .identityChanged(let reason):
                throw CommandFailure(.invalid, [Sanitize.line(reason), kept(session)])
            case .ready(let pod, _):
                switch await session.save(pod) {
                case .saved(let revision):
                    session.finish()
                    console.out("pod/\(name) edited (revision \(revision))")
                    return
                case .merged(let revision, let mine, let theirs):
                    session.finish()
                    console.out("pod/\(name) edited: merged your \(count(mine, "change")) with \(count(theirs, "concurrent change")) (revision \(revision))")
                    return
                case .conflict(let report):
                    if interactive {
                        console.err("pod \(Sanitize.line(key.description)) changed while you were editing (\(count(report.conflicts.count + report.mergeProblems.count, "conflict"))); reopening your edit on revision \(report.currentRevision)")
                        do { try session.prepareEditAgain(report) } catch {
                            throw CommandFailure(.runtime, [error.description, kept(session)])
                        }
                        continue
                    }
                    throw CommandFailure(.conflict, conflictLines(report) + [kept(session)])
                case .deletedMeanwhile:
                    throw CommandFailure(.notFound, [
                        "pod \(Sanitize.line(key.description)) was deleted while you were editing; nothing written",
                        kept(session) + " (to create it again, remove metadata.resourceVersion from it and run `poddeck apply -f` on it)",
                    ])
                case .unreadable(let entry):
                    throw CommandFailure(.runtime, [Sanitize.line(entry.line(for: key)) + "; nothing written", kept(session)])
                case .failed(let text):
                    throw CommandFailure(.runtime, [Sanitize.line(text), kept(session)])
                }
            }
        }
    }

    /// The lines of a conflict: what happened, then each field with base, mine and theirs.
    static func conflictLines(_ report: ConflictReport) -> [String] {
        ["conflict: pod \(Sanitize.line(report.key.description)) changed while you were editing (you started from revision \(report.baseRevision), it is now at revision \(report.currentRevision)); nothing written"]
            + report.conflicts.map { c in
                "  \(Sanitize.line(c.path)): base \(Sanitize.line(EditHeader.show(c.base))), mine \(Sanitize.line(EditHeader.show(c.mine))), theirs \(Sanitize.line(EditHeader.show(c.theirs)))"
            }
            + report.mergeProblems.map { "  merged pod: \(Sanitize.line($0))" }
    }

    static func kept(_ session: EditSession) -> String {
        "your edit is saved in \(session.filePath)"
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

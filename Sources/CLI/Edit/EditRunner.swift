import Foundation
import Ops
import PodModel

/// `poddeck edit pod NS/NAME`: the edit loop without a dashboard, driving the same
/// ``EditFlow`` as the dashboard's `e`.
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
        var flow = EditFlow(review: false)
        var action = flow.on(session.flowStart)
        while true {
            switch action {
            case .launchEditor(let file):
                action = flow.on(.editorExited(await launcher.edit(file)))
            case .showReview(let review):
                action = flow.on(.chose(.save(file: review.file)))
            case .showConflict(let report, let file):
                guard interactive else {
                    action = flow.on(.chose(.cancel(file: file)))
                    continue
                }
                console.err("pod \(Sanitize.line(key.description)) changed while you were editing (\(count(report.conflicts.count + report.mergeProblems.count, "conflict"))); reopening your edit on revision \(report.currentRevision)")
                action = flow.on(.chose(.editAgain(file: file)))
            case .askRecreate(_, let file):
                // Headless edit does not re-create a deleted pod; `apply` does.
                action = flow.on(.chose(.cancel(file: file)))
            case .finish(let result):
                _ = await session.perform(action)
                return try report(result, key: key, name: name, console: console)
            case .ignore(let reason):
                throw CommandFailure(.runtime, [reason, "your edit is saved in \(session.filePath)"])
            case .readBack, .rewriteWithErrors, .prepareEditAgain, .write, .overwrite, .recreate:
                guard let event = await session.perform(action) else {
                    throw CommandFailure(.runtime, ["the edit stopped unexpectedly", "your edit is saved in \(session.filePath)"])
                }
                action = flow.on(event)
            }
        }
    }

    /// Prints what the flow ended with, or throws it as a failure with its exit code.
    static func report(_ result: EditFlowResult, key: PodKey, name: String, console: Console) throws(CommandFailure) {
        let kept = result.keptFile.map { "your edit is saved in \($0)" }
        func fail(_ code: ExitStatus, _ lines: [String]) -> CommandFailure {
            CommandFailure(code, lines + (kept.map { [$0] } ?? []))
        }
        switch result.outcome {
        case .saved(let revision):
            console.out("pod/\(name) edited (revision \(revision))")
        case .merged(let revision, let mine, let theirs):
            console.out("pod/\(name) edited: merged your \(count(mine, "change")) with \(count(theirs, "concurrent change")) (revision \(revision))")
        case .cancelled:
            console.out("Edit cancelled, no changes made.")
        case .notSaved, .tookTheirs:
            console.out(Sanitize.line(result.message))
        case .abandonedWithErrors(let problems):
            throw fail(.invalid, ["edit abandoned with errors; nothing written"] + problems.map { "  * \(Sanitize.line($0.description))" })
        case .unchangedWithErrors(let problems):
            throw fail(.invalid, ["the edit was saved again with the same errors; nothing written"] + problems.map { "  * \(Sanitize.line($0.description))" })
        case .refused(let reason):
            throw fail(.invalid, [Sanitize.line(reason)])
        case .editorFailed(let exit):
            throw fail(.runtime, ["the editor \(exit); nothing written"])
        case .conflict(let report):
            throw fail(.conflict, conflictLines(report))
        case .deletedMeanwhile:
            throw CommandFailure(.notFound, [
                "pod \(Sanitize.line(key.description)) was deleted while you were editing; nothing written",
                (kept ?? "") + " (to create it again, remove metadata.resourceVersion from it and run `poddeck apply -f` on it)",
            ])
        case .unreadable(let entry, _):
            throw fail(.runtime, [Sanitize.line(entry.line(for: key)) + "; nothing written"])
        case .outcomeUnknown(let text), .failed(let text):
            throw fail(.runtime, [Sanitize.line(text)])
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

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

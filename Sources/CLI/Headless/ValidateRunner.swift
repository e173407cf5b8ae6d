import Ops
import PodModel

/// `poddeck validate -f FILE|-`: prints every error with its field path.
public enum ValidateRunner {
    /// Validates the document in `text`.
    public static func run(text: String, source: String, console: Console) throws(CommandFailure) {
        let pod = try DocumentInput.parsePod(text, source: source)
        if let failure = DocumentInput.validationFailure(pod, source: source) { throw failure }
        console.out("pod/\(pod.name ?? "?") is valid")
    }
}

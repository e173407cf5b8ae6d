import FuzzSupport
import PodModel

/// Fuzzes ``ImageReference/parse(_:)``.
///
/// Any text parses or throws (never traps). A reference that parses has a name within Docker's
/// length limit, and its normalised and familiar forms parse again to the same image: the same
/// name, effective tag and digest.
enum ImageReferenceFuzz {
    /// Tests one input, read as UTF-8 text (invalid sequences become U+FFFD).
    static func test(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch {
            FuzzCheck.require(!error.description.isEmpty, "empty error for \(FuzzCheck.quoted(text))")
            return
        }
        FuzzCheck.require(
            reference.name.utf8.count <= ImageReference.nameLengthLimit,
            "name of \(reference.name.utf8.count) bytes accepted from \(FuzzCheck.quoted(text))"
        )
        FuzzCheck.require(!reference.path.isEmpty, "empty path from \(FuzzCheck.quoted(text))")
        for form in [reference.normalized, reference.familiar] {
            let again: ImageReference
            do {
                again = try ImageReference.parse(form)
            } catch {
                FuzzCheck.fail("\(FuzzCheck.quoted(text)) parsed, but its form \(FuzzCheck.quoted(form)) does not: \(error)")
            }
            FuzzCheck.require(
                again.name == reference.name && again.effectiveTag == reference.effectiveTag
                    && again.digest == reference.digest,
                "\(FuzzCheck.quoted(text)) is \(reference.normalized), but its form \(FuzzCheck.quoted(form)) is \(again.normalized)"
            )
        }
        let parameters = reference.pullParameters
        FuzzCheck.require(parameters.fromImage == reference.name && !parameters.tag.isEmpty,
                          "pull parameters \(parameters) for \(FuzzCheck.quoted(text))")
    }
}

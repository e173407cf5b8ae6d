import PodModel

extension QuickPatch {
    /// What this change does to `pod`, e.g. `tier: back → front`, `tier: (none) → front`,
    /// `web image: nginx:1.25 → nginx:1.27`; nil when it changes nothing.
    public func change(on pod: Pod) -> String? {
        func line(_ what: String, _ old: String?, _ new: String?) -> String? {
            old == new ? nil : "\(what): \(old ?? "(none)") → \(new ?? "(removed)")"
        }
        switch self {
        case .setLabel(let key, let value): return line("label \(key)", pod.label(key), value)
        case .removeLabel(let key): return pod.label(key) == nil ? nil : line("label \(key)", pod.label(key), nil)
        case .setAnnotation(let key, let value): return line("annotation \(key)", pod.annotation(key), value)
        case .removeAnnotation(let key): return pod.annotation(key) == nil ? nil : line("annotation \(key)", pod.annotation(key), nil)
        case .setImage(let container, let image):
            let old = (pod.containers + pod.initContainers).first { $0.name == container }?.image
            return line("\(container) image", old, image)
        }
    }
}

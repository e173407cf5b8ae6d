import Collections

/// Why a quick change to a pod could not be made.
public enum PodMutationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No container or init container has this name.
    case noSuchContainer(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .noSuchContainer(let name):
            "the pod has no container named \"\(name)\""
        }
    }
}

extension Pod {
    /// Sets the image of the container (or init container) named `container`, leaving every
    /// other field and the member order untouched.
    public mutating func setImage(container: String, to image: String) throws(PodMutationError) {
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            guard var elements = json[["spec", list]]?.arrayValue,
                  let index = elements.firstIndex(where: { $0["name"]?.stringValue == container }) else { continue }
            elements[index].set(.string(image), at: ["image"])
            json.set(.array(elements), at: ["spec", list])
            return
        }
        throw .noSuchContainer(container)
    }

    /// Sets a label; an existing label keeps its position, a new one is appended.
    public mutating func setLabel(_ key: String, _ value: String) {
        setMapEntry("labels", key, value)
    }

    /// Removes a label; an emptied `labels` map is removed, as Kubernetes would store it.
    public mutating func removeLabel(_ key: String) {
        removeMapEntry("labels", key)
    }

    /// Sets an annotation; an existing annotation keeps its position, a new one is appended.
    public mutating func setAnnotation(_ key: String, _ value: String) {
        setMapEntry("annotations", key, value)
    }

    /// Removes an annotation; an emptied `annotations` map is removed.
    public mutating func removeAnnotation(_ key: String) {
        removeMapEntry("annotations", key)
    }

    private mutating func setMapEntry(_ map: String, _ key: String, _ value: String) {
        if let existing = json[["metadata", map]], existing.objectValue == nil {
            json.set(.object([:]), at: ["metadata", map])
        }
        json.set(.string(value), at: ["metadata", map, key])
    }

    private mutating func removeMapEntry(_ map: String, _ key: String) {
        guard json[["metadata", map, key]] != nil else { return }
        json.set(nil, at: ["metadata", map, key])
        if json[["metadata", map]]?.objectValue?.isEmpty == true {
            json.set(nil, at: ["metadata", map])
        }
    }
}

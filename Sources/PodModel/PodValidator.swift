import Collections

/// Checks a pod against the rules the Kubernetes API server applies to v1 Pods, reporting
/// every problem at once (like `field.ErrorList`), in document order.
///
/// Values are read defensively: a field of the wrong JSON type is reported as
/// ``FieldErrorType/typeInvalid`` and never stops the rest of the checks. Fields Kubernetes
/// defaults (`restartPolicy`, probe timings of 0, `imagePullPolicy`, port `protocol`) are only
/// checked when they are set.
public enum PodValidator {
    /// All problems with `pod`, in document order; empty when the pod is valid.
    public static func validate(_ pod: Pod) -> [FieldError] {
        var validation = Validation(document: pod.json)
        validation.validateRoot()
        return validation.sortedErrors()
    }

    /// The largest total size of all annotation keys and values, in bytes.
    public static let totalAnnotationSizeLimit = 256 * 1024
}

/// The errors found so far and the typed readers that report wrong types.
struct Validation: Sendable {
    let document: JSONValue
    private var errors: [(path: FieldPath, error: FieldError)] = []

    init(document: JSONValue) {
        self.document = document
    }

    func sortedErrors() -> [FieldError] {
        errors.enumerated()
            .map { (order: $0.offset, position: $0.element.path.position(in: document), error: $0.element.error) }
            .sorted { lhs, rhs in
                lhs.position.lexicographicallyPrecedes(rhs.position) || (lhs.position == rhs.position && lhs.order < rhs.order)
            }
            .map(\.error)
    }

    // MARK: Recording

    mutating func required(_ path: FieldPath, _ detail: String = "") {
        record(path, .required, nil, detail)
    }

    /// Records an invalid value; `entry` (e.g. the map entry of a label) places the error in
    /// document order when the reported path is the whole map, as Kubernetes reports them.
    mutating func invalid(_ path: FieldPath, _ value: JSONValue, _ detail: String, entry: FieldPath? = nil) {
        record(path, .invalid, value, detail, sortPath: entry)
    }

    mutating func duplicate(_ path: FieldPath, _ value: JSONValue) {
        record(path, .duplicate, value, "")
    }

    mutating func notSupported(_ path: FieldPath, _ value: JSONValue, _ supported: [String]) {
        let list = supported.map { FieldError.goQuoted($0) }.joined(separator: ", ")
        record(path, .notSupported, value, "supported values: " + list)
    }

    mutating func forbidden(_ path: FieldPath, _ detail: String) {
        record(path, .forbidden, nil, detail)
    }

    mutating func tooLong(_ path: FieldPath, _ limit: Int) {
        record(path, .tooLong, nil, "must have at most \(limit) bytes")
    }

    mutating func notFound(_ path: FieldPath, _ value: JSONValue) {
        record(path, .notFound, value, "")
    }

    private mutating func record(
        _ path: FieldPath, _ type: FieldErrorType, _ value: JSONValue?, _ detail: String, sortPath: FieldPath? = nil
    ) {
        let error = FieldError(type: type, path: path.rendered, value: value.map(FieldError.render), detail: detail)
        errors.append((sortPath ?? path, error))
    }

    mutating func typeInvalid(_ path: FieldPath, _ value: JSONValue, expected: String) {
        record(path, .typeInvalid, value, "expected \(expected), got \(value.typeName)")
    }

    // MARK: Typed readers (`null` counts as absent, as in Go's decoder)

    mutating func string(_ value: JSONValue?, at path: FieldPath) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            typeInvalid(path, other, expected: "string")
            return nil
        }
    }

    mutating func integer(_ value: JSONValue?, at path: FieldPath) -> Int? {
        switch value {
        case nil, .null?: return nil
        case let number? where number.intValue != nil: return number.intValue
        case let other?:
            typeInvalid(path, other, expected: "integer")
            return nil
        }
    }

    mutating func object(_ value: JSONValue?, at path: FieldPath) -> OrderedDictionary<String, JSONValue>? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?: return members
        case let other?:
            typeInvalid(path, other, expected: "object")
            return nil
        }
    }

    mutating func array(_ value: JSONValue?, at path: FieldPath) -> [JSONValue]? {
        switch value {
        case nil, .null?: return nil
        case .array(let elements)?: return elements
        case let other?:
            typeInvalid(path, other, expected: "array")
            return nil
        }
    }

    /// The elements of an array of objects, with their indices; non-objects are reported.
    mutating func objects(_ value: JSONValue?, at path: FieldPath) -> [(index: Int, members: OrderedDictionary<String, JSONValue>)] {
        guard let elements = array(value, at: path) else { return [] }
        var result: [(Int, OrderedDictionary<String, JSONValue>)] = []
        for (index, element) in elements.enumerated() {
            if let members = object(element, at: path.index(index)) {
                result.append((index, members))
            }
        }
        return result
    }

    /// Checks an optional string field against a list of supported values.
    mutating func oneOf(_ value: JSONValue?, at path: FieldPath, _ supported: [String]) {
        guard let text = string(value, at: path), !text.isEmpty else { return }
        if !supported.contains(text) {
            notSupported(path, .string(text), supported)
        }
    }

    // MARK: Root and metadata

    mutating func validateRoot() {
        guard case .object(let root) = document else { return }
        if let apiVersion = string(root["apiVersion"], at: FieldPath("apiVersion")), apiVersion != "v1" {
            notSupported(FieldPath("apiVersion"), .string(apiVersion), ["v1"])
        }
        if let kind = string(root["kind"], at: FieldPath("kind")), kind != "Pod" {
            notSupported(FieldPath("kind"), .string(kind), ["Pod"])
        }
        validateMetadata(root["metadata"])
        let specPath = FieldPath("spec")
        if let spec = object(root["spec"], at: specPath) {
            validateSpec(spec, at: specPath)
        } else if root["spec"] == nil || root["spec"]?.isNull == true {
            required(specPath)
        }
    }

    private mutating func validateMetadata(_ value: JSONValue?) {
        let path = FieldPath("metadata")
        let metadata = object(value, at: path) ?? [:]
        let namePath = path.child("name")
        if let name = string(metadata["name"], at: namePath), !name.isEmpty {
            for message in NameValidation.dns1123Subdomain(name) {
                invalid(namePath, .string(name), message)
            }
        } else if isAbsentOrString(metadata["name"]) {
            required(namePath, "name is required")
        }
        let namespacePath = path.child("namespace")
        if let namespace = string(metadata["namespace"], at: namespacePath), !namespace.isEmpty {
            for message in NameValidation.dns1123Label(namespace) {
                invalid(namespacePath, .string(namespace), message)
            }
        }
        validateLabels(metadata["labels"], at: path.child("labels"))
        validateAnnotations(metadata["annotations"], at: path.child("annotations"))
    }

    private mutating func validateLabels(_ value: JSONValue?, at path: FieldPath) {
        guard let labels = object(value, at: path) else { return }
        for (key, labelValue) in labels {
            for message in NameValidation.qualifiedName(key) {
                invalid(path, .string(key), message, entry: path.key(key))
            }
            if let text = string(labelValue, at: path.key(key)) {
                for message in NameValidation.labelValue(text) {
                    invalid(path, .string(text), message, entry: path.key(key))
                }
            }
        }
    }

    private mutating func validateAnnotations(_ value: JSONValue?, at path: FieldPath) {
        guard let annotations = object(value, at: path) else { return }
        var totalSize = 0
        for (key, annotationValue) in annotations {
            for message in NameValidation.qualifiedName(key.lowercased()) {
                invalid(path, .string(key), message, entry: path.key(key))
            }
            totalSize += key.utf8.count
            if let text = string(annotationValue, at: path.key(key)) {
                totalSize += text.utf8.count
            }
        }
        if totalSize > PodValidator.totalAnnotationSizeLimit {
            tooLong(path, PodValidator.totalAnnotationSizeLimit)
        }
    }

    // MARK: Spec

    private mutating func validateSpec(_ spec: OrderedDictionary<String, JSONValue>, at path: FieldPath) {
        let volumeNames = validateVolumes(spec["volumes"], at: path.child("volumes"))

        let containersPath = path.child("containers")
        let containers = objects(spec["containers"], at: containersPath)
        switch spec["containers"] {
        case nil, .null?, .array([])?:
            required(containersPath)
        default:
            break
        }
        let initPath = path.child("initContainers")
        let initContainers = objects(spec["initContainers"], at: initPath)

        // Names must be unique across both lists; the later one in the document is the duplicate.
        var lists = [(containersPath, containers, false), (initPath, initContainers, true)]
        if (spec.index(forKey: "initContainers") ?? .max) < (spec.index(forKey: "containers") ?? .max) {
            lists.reverse()
        }
        var seenNames = Set<String>()
        for (listPath, list, isInit) in lists {
            for (index, container) in list {
                let containerPath = listPath.index(index)
                validateContainer(container, at: containerPath, isInit: isInit, volumeNames: volumeNames)
                if let name = container["name"]?.stringValue, !name.isEmpty, !seenNames.insert(name).inserted {
                    duplicate(containerPath.child("name"), .string(name))
                }
            }
        }

        oneOf(spec["restartPolicy"], at: path.child("restartPolicy"), ["Always", "OnFailure", "Never"])
        oneOf(spec["dnsPolicy"], at: path.child("dnsPolicy"), ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"])
        if let grace = integer(spec["terminationGracePeriodSeconds"], at: path.child("terminationGracePeriodSeconds")),
           grace < 0 {
            invalid(path.child("terminationGracePeriodSeconds"), .int(grace), "must be greater than or equal to 0")
        }
        _ = string(spec["nodeName"], at: path.child("nodeName"))
        _ = string(spec["serviceAccountName"], at: path.child("serviceAccountName"))
    }

    /// Checks `spec.volumes` and returns the declared names.
    private mutating func validateVolumes(_ value: JSONValue?, at path: FieldPath) -> Set<String> {
        var names = Set<String>()
        for (index, volume) in objects(value, at: path) {
            let namePath = path.index(index).child("name")
            guard let name = string(volume["name"], at: namePath), !name.isEmpty else {
                if isAbsentOrString(volume["name"]) {
                    required(namePath)
                }
                continue
            }
            for message in NameValidation.dns1123Label(name) {
                invalid(namePath, .string(name), message)
            }
            if !names.insert(name).inserted {
                duplicate(namePath, .string(name))
            }
        }
        return names
    }
}

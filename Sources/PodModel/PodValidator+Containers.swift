import Collections

extension Validation {
    mutating func validateContainer(
        _ container: OrderedDictionary<String, JSONValue>, at path: FieldPath, isInit: Bool, volumeNames: Set<String>
    ) {
        let namePath = path.child("name")
        if let name = string(container["name"], at: namePath), !name.isEmpty {
            for message in NameValidation.dns1123Label(name) {
                invalid(namePath, .string(name), message)
            }
        } else if isAbsentOrString(container["name"]) {
            required(namePath)
        }

        let imagePath = path.child("image")
        if let image = string(container["image"], at: imagePath), !image.isEmpty {
            do {
                _ = try ImageReference.parse(image)
            } catch {
                invalid(imagePath, .string(image), error.description)
            }
        } else if isAbsentOrString(container["image"]) {
            required(imagePath)
        }

        oneOf(container["imagePullPolicy"], at: path.child("imagePullPolicy"), ["Always", "IfNotPresent", "Never"])
        validatePorts(container["ports"], at: path.child("ports"))
        validateVolumeMounts(container["volumeMounts"], at: path.child("volumeMounts"), volumeNames: volumeNames)

        let restartPolicyPath = path.child("restartPolicy")
        let restartPolicy = string(container["restartPolicy"], at: restartPolicyPath)
        if let restartPolicy, !restartPolicy.isEmpty {
            if !isInit {
                forbidden(restartPolicyPath, "may not be set for non-init containers")
            } else if restartPolicy != "Always" {
                notSupported(restartPolicyPath, .string(restartPolicy), ["Always"])
            }
        }
        let isSidecar = isInit && restartPolicy == "Always"

        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let value = container[probe], !value.isNull else { continue }
            let probePath = path.child(probe)
            if isInit, !isSidecar {
                forbidden(probePath, "may not be set for init containers without restartPolicy=Always")
                continue
            }
            validateProbe(value, at: probePath, kind: probe)
        }
    }

    /// Whether a field is missing, `null` or a string (so an empty value means "required").
    func isAbsentOrString(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .string?: true
        default: false
        }
    }

    private mutating func validatePorts(_ value: JSONValue?, at path: FieldPath) {
        var names = Set<String>()
        for (index, port) in objects(value, at: path) {
            let portPath = path.index(index)
            let namePath = portPath.child("name")
            if let name = string(port["name"], at: namePath), !name.isEmpty {
                for message in NameValidation.portName(name) {
                    invalid(namePath, .string(name), message)
                }
                if !names.insert(name).inserted {
                    duplicate(namePath, .string(name))
                }
            }
            let containerPortPath = portPath.child("containerPort")
            switch integer(port["containerPort"], at: containerPortPath) {
            case nil where port["containerPort"] == nil || port["containerPort"]?.isNull == true:
                required(containerPortPath)
            case 0?:
                required(containerPortPath)
            case let number?:
                for message in NameValidation.portNumber(number) {
                    invalid(containerPortPath, .int(number), message)
                }
            case nil:
                break
            }
            let hostPortPath = portPath.child("hostPort")
            if let hostPort = integer(port["hostPort"], at: hostPortPath), hostPort != 0 {
                for message in NameValidation.portNumber(hostPort) {
                    invalid(hostPortPath, .int(hostPort), message)
                }
            }
            oneOf(port["protocol"], at: portPath.child("protocol"), ["SCTP", "TCP", "UDP"])
        }
    }

    private mutating func validateVolumeMounts(_ value: JSONValue?, at path: FieldPath, volumeNames: Set<String>) {
        for (index, mount) in objects(value, at: path) {
            let mountPath = path.index(index)
            let namePath = mountPath.child("name")
            if let name = string(mount["name"], at: namePath), !name.isEmpty {
                if !volumeNames.contains(name) {
                    notFound(namePath, .string(name))
                }
            } else if isAbsentOrString(mount["name"]) {
                required(namePath)
            }
            let pathPath = mountPath.child("mountPath")
            if let target = string(mount["mountPath"], at: pathPath), !target.isEmpty {
                // Present and non-empty is all Kubernetes requires here.
            } else if isAbsentOrString(mount["mountPath"]) {
                required(pathPath)
            }
        }
    }
}

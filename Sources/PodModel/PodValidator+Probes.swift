import Collections

extension Validation {
    /// Checks one probe. Timing fields Kubernetes defaults when 0 (`timeoutSeconds`,
    /// `periodSeconds`, `successThreshold`, `failureThreshold`) accept 0 as "use the default".
    mutating func validateProbe(_ value: JSONValue, at path: FieldPath, kind: String) {
        guard let probe = object(value, at: path) else { return }

        let present = probe.keys.filter { ProbeHandler.fieldNames.contains($0) && probe[$0]?.isNull == false }
        if present.isEmpty {
            required(path, "must specify a handler type")
        }
        for extra in present.dropFirst() {
            forbidden(path.child(extra), "may not specify more than 1 handler type")
        }
        if let handler = present.first, let handlerValue = probe[handler] {
            validateHandler(handler, handlerValue, at: path.child(handler))
        }

        for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            let fieldPath = path.child(field)
            if let number = integer(probe[field], at: fieldPath), number < 0 {
                invalid(fieldPath, .int(number), "must be greater than or equal to 0")
            }
        }
        let successPath = path.child("successThreshold")
        if kind != "readinessProbe", let success = probe["successThreshold"]?.intValue, success > 1 {
            invalid(successPath, .int(success), "must be 1")
        }
        let gracePath = path.child("terminationGracePeriodSeconds")
        if let grace = integer(probe["terminationGracePeriodSeconds"], at: gracePath) {
            if kind == "readinessProbe" {
                invalid(gracePath, .int(grace), "must not be set for readinessProbes")
            } else if grace <= 0 {
                invalid(gracePath, .int(grace), "must be greater than 0")
            }
        }
    }

    private mutating func validateHandler(_ handler: String, _ value: JSONValue, at path: FieldPath) {
        guard let action = object(value, at: path) else { return }
        switch handler {
        case "exec":
            let commandPath = path.child("command")
            let command = array(action["command"], at: commandPath)
            if command?.isEmpty ?? isAbsentOrString(action["command"]) {
                required(commandPath)
            }
            for (index, element) in (command ?? []).enumerated() {
                _ = string(element, at: commandPath.index(index))
            }
        case "httpGet":
            validatePortNumberOrName(action["port"], at: path.child("port"))
            let requestPath = path.child("path")
            if let text = string(action["path"], at: requestPath), !text.isEmpty, !text.hasPrefix("/") {
                invalid(requestPath, .string(text), "must start with '/'")
            }
            _ = string(action["host"], at: path.child("host"))
            oneOf(action["scheme"], at: path.child("scheme"), ["HTTP", "HTTPS"])
            let headersPath = path.child("httpHeaders")
            for (index, header) in objects(action["httpHeaders"], at: headersPath) {
                let namePath = headersPath.index(index).child("name")
                if string(header["name"], at: namePath)?.isEmpty ?? isAbsentOrString(header["name"]) {
                    required(namePath)
                }
                _ = string(header["value"], at: headersPath.index(index).child("value"))
            }
        case "tcpSocket":
            validatePortNumberOrName(action["port"], at: path.child("port"))
            _ = string(action["host"], at: path.child("host"))
        default:
            let portPath = path.child("port")
            switch integer(action["port"], at: portPath) {
            case let port?:
                for message in NameValidation.portNumber(port) {
                    invalid(portPath, .int(port), message)
                }
            case nil where action["port"] == nil || action["port"]?.isNull == true:
                required(portPath)
            case nil:
                break
            }
            _ = string(action["service"], at: path.child("service"))
        }
    }

    /// A port given as a number (1–65535) or as an IANA service name.
    private mutating func validatePortNumberOrName(_ value: JSONValue?, at path: FieldPath) {
        switch value {
        case nil, .null?:
            required(path)
        case .string(let name)?:
            if name.isEmpty {
                required(path)
            }
            for message in name.isEmpty ? [] : NameValidation.portName(name) {
                invalid(path, .string(name), message)
            }
        case let number? where number.intValue != nil:
            for message in NameValidation.portNumber(number.intValue ?? 0) {
                invalid(path, number, message)
            }
        case let other?:
            typeInvalid(path, other, expected: "port number or name")
        }
    }
}

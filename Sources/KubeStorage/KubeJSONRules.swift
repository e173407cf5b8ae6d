/// Which zero values the apiserver still writes in JSON.
///
/// A Go struct field tagged `omitempty` leaves out `0`, `false` and `""`; a pointer field
/// (`*int64`, `*bool`) or a field without `omitempty` writes them. The proto schema cannot tell
/// these apart (every field is `optional`), so the fields that do write zeros are listed here,
/// from the Go types of `k8s.io/api/core/v1` and `apimachinery/pkg/apis/meta/v1`. A field not
/// listed follows `omitempty`. Messages are always written when present (Go writes non-pointer
/// structs even when empty, e.g. `"status": {}`), and a zero `Time` is `null`.
enum KubeJSONRules {
    /// Embedded Go structs tagged `json:",inline"`: their fields appear in the parent object
    /// (a probe's `httpGet` beside `periodSeconds`, a volume's `configMap` beside `name`).
    static let inline: [String: Set<String>] = [
        "Probe": ["handler"],
        "Volume": ["volumeSource"],
        "PersistentVolumeSpec": ["persistentVolumeSource"],
        "ConfigMapEnvSource": ["localObjectReference"],
        "ConfigMapKeySelector": ["localObjectReference"],
        "ConfigMapProjection": ["localObjectReference"],
        "ConfigMapVolumeSource": ["localObjectReference"],
        "SecretEnvSource": ["localObjectReference"],
        "SecretKeySelector": ["localObjectReference"],
        "SecretProjection": ["localObjectReference"],
    ]

    /// Field names that write a present zero value, by message name.
    static let zeroEmitting: [String: Set<String>] = [
        // meta/v1
        "ObjectMeta": ["deletionGracePeriodSeconds"],
        "OwnerReference": ["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"],
        "ListMeta": ["remainingItemCount"],
        "LabelSelectorRequirement": ["key", "operator"],
        // core/v1: pods
        "PodSpec": ["containers", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
                    "automountServiceAccountToken", "shareProcessNamespace", "priority", "enableServiceLinks",
                    "runtimeClassName", "preemptionPolicy", "setHostnameAsFQDN"],
        "Container": ["name"],
        "ContainerPort": ["containerPort"],
        "EnvVar": ["name"],
        "VolumeMount": ["name", "mountPath", "mountPropagation"],
        "VolumeDevice": ["name", "devicePath"],
        "Volume": ["name"],
        "SecurityContext": ["privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
                            "allowPrivilegeEscalation", "procMount"],
        "PodSecurityContext": ["runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup"],
        "HTTPHeader": ["name", "value"],
        "ContainerStatus": ["name", "ready", "restartCount", "image", "imageID", "started"],
        "ContainerStateTerminated": ["exitCode"],
        "PodCondition": ["type", "status"],
        "Toleration": ["tolerationSeconds"],
        "KeyToPath": ["key", "path", "mode"],
        "ConfigMapVolumeSource": ["defaultMode", "optional"],
        "SecretVolumeSource": ["defaultMode", "optional"],
        "ProjectedVolumeSource": ["defaultMode"],
        "DownwardAPIVolumeSource": ["defaultMode"],
        "DownwardAPIVolumeFile": ["path", "mode"],
        "ServiceAccountTokenProjection": ["expirationSeconds", "path"],
        "ConfigMapProjection": ["optional"],
        "SecretProjection": ["optional"],
        "ObjectFieldSelector": ["fieldPath"],
        "ResourceFieldSelector": ["resource"],
        "ConfigMapKeySelector": ["key", "optional"],
        "SecretKeySelector": ["key", "optional"],
        "ConfigMapEnvSource": ["optional"],
        "SecretEnvSource": ["optional"],
        "HostPathVolumeSource": ["path", "type"],
        "PersistentVolumeClaimVolumeSource": ["claimName"],
        "NodeSelectorRequirement": ["key", "operator"],
        "PreferredSchedulingTerm": ["weight"],
        "WeightedPodAffinityTerm": ["weight"],
        "PodAffinityTerm": ["topologyKey"],
        "PodDNSConfigOption": ["value"],
        "PodReadinessGate": ["conditionType"],
        "Sysctl": ["name", "value"],
        "CSIVolumeSource": ["driver", "readOnly"],
        // core/v1: other kinds
        "ServicePort": ["port"],
        "ClientIPConfig": ["timeoutSeconds"],
        "EndpointAddress": ["ip"],
        "EndpointPort": ["port"],
        "NodeAddress": ["type", "address"],
        "NodeCondition": ["type", "status"],
        "DaemonEndpoint": ["Port"],
        "NodeSystemInfo": ["machineID", "systemUUID", "bootID", "kernelVersion", "osImage",
                           "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion",
                           "operatingSystem", "architecture"],
        "ContainerImage": ["names"],
        "AttachedVolume": ["name", "devicePath"],
        "Taint": ["key", "effect"],
        "Event": ["reportingComponent", "reportingInstance"],
        "ComponentCondition": ["type", "status"],
    ]
}

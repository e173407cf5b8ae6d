"""Kubernetes protobuf fixtures made with Google's protobuf runtime and PyPI's k8s-proto schema.

An encoder and decoder independent of PodDeck's, for its tests (run in the venv made by
scripts/kube-proto-venv, with PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python):

    fixtures.py write DIR        write every fixture as DIR/<name>.bin (stored values: k8s\\0 + envelope)
    fixtures.py decode FILE|-    decode a stored value; print {"apiVersion", "kind", "object", "unknown"}
                                 as JSON: "object" in protobuf's own JSON mapping (MessageToDict),
                                 "unknown" every unknown field as {"path", "number", "wireType"}
    fixtures.py pods N DIR       write N varied pods (pod-0000.bin …) for property tests
"""
import json
import random
import sys

from google.protobuf import json_format
from google.protobuf.internal import decoder as _decoder  # noqa: F401 (pure-python runtime)
from k8s.io.api.core.v1 import generated_pb2 as core
from k8s.io.apimachinery.pkg.runtime import generated_pb2 as runtime

MAGIC = b"k8s\x00"
GO_ZERO_SECONDS = -62135596800


def envelope(kind, message):
    unknown = runtime.Unknown()
    unknown.typeMeta.apiVersion = "v1"
    unknown.typeMeta.kind = kind
    unknown.raw = message.SerializeToString()
    unknown.contentEncoding = ""
    unknown.contentType = ""
    return MAGIC + unknown.SerializeToString()


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def set_time(t, seconds, nanos=0):
    t.seconds = seconds
    t.nanos = nanos


def basic_pod():
    pod = core.Pod()
    m = pod.metadata
    m.name = "web"
    m.namespace = "default"
    m.uid = "0b4b6e7e-1111-4c4c-9d9d-000000000001"
    m.resourceVersion = ""
    set_time(m.creationTimestamp, 1700000000)
    m.labels["app"] = "web"
    m.labels["tier"] = "frontend"
    m.annotations["note"] = "made by fixtures.py"
    s = pod.spec
    c = s.containers.add()
    c.name = "web"
    c.image = "nginx:1.25"
    p = c.ports.add()
    p.name = "http"
    p.containerPort = 80
    p.protocol = "TCP"
    c.resources.limits["cpu"].string = "500m"
    c.resources.limits["memory"].string = "128Mi"
    c.resources.requests["cpu"].string = "250m"
    c.livenessProbe.handler.httpGet.path = "/healthz"
    c.livenessProbe.handler.httpGet.port.type = 0
    c.livenessProbe.handler.httpGet.port.intVal = 8080
    c.livenessProbe.initialDelaySeconds = 5
    c.livenessProbe.periodSeconds = 10
    c.readinessProbe.handler.tcpSocket.port.type = 1
    c.readinessProbe.handler.tcpSocket.port.strVal = "http"
    env = c.env.add()
    env.name = "MODE"
    env.value = "production"
    c.imagePullPolicy = "IfNotPresent"
    c.terminationMessagePath = "/dev/termination-log"
    c.stdin = False
    s.restartPolicy = "Always"
    s.terminationGracePeriodSeconds = 30
    s.dnsPolicy = "ClusterFirst"
    s.nodeName = "node-1"
    s.hostNetwork = False
    s.automountServiceAccountToken = False
    st = pod.status
    st.phase = "Running"
    st.hostIP = "192.168.1.10"
    st.podIP = "10.244.0.5"
    set_time(st.startTime, 1700000005)
    cond = st.conditions.add()
    cond.type = "Ready"
    cond.status = "True"
    set_time(cond.lastProbeTime, GO_ZERO_SECONDS)
    set_time(cond.lastTransitionTime, 1700000010)
    cs = st.containerStatuses.add()
    cs.name = "web"
    cs.ready = True
    cs.restartCount = 0
    cs.image = "nginx:1.25"
    cs.imageID = ""
    cs.containerID = "containerd://abc123"
    set_time(cs.state.running.startedAt, 1700000008)
    st.qosClass = "Burstable"
    return pod


def unknown_fields_pod():
    """basic_pod plus fields newer than the 2019 schema, as a 1.29 apiserver writes them."""
    pod = basic_pod()
    pod.metadata.name = "web-new"
    # PodSpec.overhead = 32 (map<string, Quantity>), setHostnameAsFQDN = 35 (bool).
    overhead_entry = field_bytes(1, b"cpu") + field_bytes(2, field_bytes(1, b"100m"))
    pod.spec.MergeFromString(field_bytes(32, overhead_entry) + field_varint(35, 1))
    # ContainerStatus.started = 9 (bool).
    pod.status.containerStatuses[0].MergeFromString(field_varint(9, 1))
    # PodStatus.podIPs = 12 (repeated PodIP{ip = 1}).
    pod.status.MergeFromString(field_bytes(12, field_bytes(1, b"10.244.0.5")))
    # A field number no version uses, on the pod itself.
    pod.MergeFromString(field_bytes(1000, b"future"))
    return pod


def service():
    svc = core.Service()
    svc.metadata.name = "web"
    svc.metadata.namespace = "default"
    svc.metadata.uid = "0b4b6e7e-2222-4c4c-9d9d-000000000002"
    set_time(svc.metadata.creationTimestamp, 1700000000)
    svc.spec.selector["app"] = "web"
    port = svc.spec.ports.add()
    port.name = "http"
    port.protocol = "TCP"
    port.port = 80
    port.targetPort.type = 0
    port.targetPort.intVal = 8080
    svc.spec.clusterIP = "10.96.0.10"
    svc.spec.type = "ClusterIP"
    svc.spec.sessionAffinity = "None"
    return svc


def config_map():
    cm = core.ConfigMap()
    cm.metadata.name = "settings"
    cm.metadata.namespace = "default"
    set_time(cm.metadata.creationTimestamp, 1700000000)
    cm.data["mode"] = "production"
    cm.data["level"] = "3"
    cm.binaryData["blob"] = b"\x00\x01\xfe\xff"
    return cm


def secret():
    sec = core.Secret()
    sec.metadata.name = "db"
    sec.metadata.namespace = "default"
    set_time(sec.metadata.creationTimestamp, 1700000000)
    sec.data["password"] = b"s3cr3t\x00\xff"
    sec.type = "Opaque"
    return sec


def node():
    n = core.Node()
    n.metadata.name = "node-1"
    n.metadata.labels["kubernetes.io/hostname"] = "node-1"
    set_time(n.metadata.creationTimestamp, 1690000000)
    n.spec.podCIDR = "10.244.0.0/24"
    n.status.capacity["cpu"].string = "4"
    n.status.capacity["memory"].string = "8Gi"
    a = n.status.addresses.add()
    a.type = "InternalIP"
    a.address = "192.168.1.10"
    c = n.status.conditions.add()
    c.type = "Ready"
    c.status = "True"
    set_time(c.lastHeartbeatTime, 1700000000)
    set_time(c.lastTransitionTime, 1690000100)
    c.reason = "KubeletReady"
    n.status.daemonEndpoints.kubeletEndpoint.Port = 10250
    info = n.status.nodeInfo
    info.machineID = "m1"
    info.kubeletVersion = "v1.14.0"
    info.operatingSystem = "linux"
    info.architecture = "amd64"
    return n


def namespace():
    ns = core.Namespace()
    ns.metadata.name = "shop"
    set_time(ns.metadata.creationTimestamp, 1700000000)
    ns.spec.finalizers.append("kubernetes")
    ns.status.phase = "Active"
    return ns


def event():
    ev = core.Event()
    ev.metadata.name = "web.17a"
    ev.metadata.namespace = "default"
    set_time(ev.metadata.creationTimestamp, 1700000000)
    ev.involvedObject.kind = "Pod"
    ev.involvedObject.namespace = "default"
    ev.involvedObject.name = "web"
    ev.reason = "Pulled"
    ev.message = "Successfully pulled image"
    ev.source.component = "kubelet"
    set_time(ev.firstTimestamp, 1700000001)
    set_time(ev.lastTimestamp, 1700000002)
    ev.count = 3
    ev.type = "Normal"
    set_time(ev.eventTime, 1700000003, 123456000)
    ev.reportingComponent = ""
    ev.reportingInstance = ""
    return ev


def fixtures():
    zero = basic_pod()
    zero.metadata.name = "zero-time"
    set_time(zero.metadata.creationTimestamp, GO_ZERO_SECONDS)
    return {
        "pod-basic": envelope("Pod", basic_pod()),
        "pod-unknown-fields": envelope("Pod", unknown_fields_pod()),
        "pod-zero-time": envelope("Pod", zero),
        "service": envelope("Service", service()),
        "configmap": envelope("ConfigMap", config_map()),
        "secret": envelope("Secret", secret()),
        "node": envelope("Node", node()),
        "namespace": envelope("Namespace", namespace()),
        "event": envelope("Event", event()),
    }


def varied_pod(rng, i):
    pod = core.Pod()
    pod.metadata.name = "pod-%04d" % i
    pod.metadata.namespace = rng.choice(["default", "shop", "ops"])
    pod.metadata.uid = "uid-%d" % rng.randrange(10**9)
    set_time(pod.metadata.creationTimestamp, rng.randrange(1500000000, 1800000000))
    for k in range(rng.randrange(4)):
        pod.metadata.labels["k%d" % k] = "v%d" % rng.randrange(100)
    if rng.random() < 0.3:
        set_time(pod.metadata.deletionTimestamp, rng.randrange(1500000000, 1800000000))
        pod.metadata.deletionGracePeriodSeconds = rng.choice([0, 30])
    for c in range(1 + rng.randrange(3)):
        ctr = pod.spec.containers.add()
        ctr.name = "c%d" % c
        ctr.image = rng.choice(["nginx", "busybox:1.36", "registry.local:5000/a/b@sha256:" + "a" * 64])
        if rng.random() < 0.5:
            ctr.command.extend(["sh", "-c", "echo %d" % rng.randrange(1000)])
        for p in range(rng.randrange(3)):
            port = ctr.ports.add()
            port.containerPort = rng.randrange(0, 65536)
            if rng.random() < 0.5:
                port.protocol = rng.choice(["TCP", "UDP"])
        if rng.random() < 0.5:
            ctr.resources.limits["cpu"].string = rng.choice(["1", "100m", "2500m"])
        if rng.random() < 0.5:
            probe = ctr.livenessProbe
            if rng.random() < 0.5:
                probe.handler.httpGet.path = "/h"
                probe.handler.httpGet.port.type = 0
                probe.handler.httpGet.port.intVal = rng.randrange(1, 65536)
            else:
                probe.handler.tcpSocket.port.type = 1
                probe.handler.tcpSocket.port.strVal = "p%d" % rng.randrange(10)
            probe.failureThreshold = rng.randrange(0, 5)
        if rng.random() < 0.3:
            ctr.securityContext.runAsUser = rng.choice([0, 1000])
            ctr.securityContext.privileged = rng.random() < 0.5
    if rng.random() < 0.5:
        pod.spec.terminationGracePeriodSeconds = rng.choice([0, 30, 60])
    pod.status.phase = rng.choice(["Pending", "Running", "Succeeded", "Failed", ""])
    for c in pod.spec.containers:
        cs = pod.status.containerStatuses.add()
        cs.name = c.name
        cs.ready = rng.random() < 0.5
        cs.restartCount = rng.randrange(3)
        cs.image = c.image
        cs.imageID = ""
        if rng.random() < 0.5:
            cs.state.terminated.exitCode = rng.randrange(0, 3)
            set_time(cs.state.terminated.finishedAt, rng.randrange(1500000000, 1800000000))
        if rng.random() < 0.3:
            cs.MergeFromString(field_varint(9, 1))  # started (unknown to the schema)
    return pod


def decode(data):
    if not data.startswith(MAGIC):
        raise SystemExit("not a k8s protobuf value")
    unknown = runtime.Unknown()
    unknown.ParseFromString(data[len(MAGIC):])
    kind = unknown.typeMeta.kind
    message = getattr(core, kind)()
    message.ParseFromString(unknown.raw)
    return {
        "apiVersion": unknown.typeMeta.apiVersion,
        "kind": kind,
        "object": json_format.MessageToDict(message),
        "unknown": unknown_fields(message, ""),
    }


def unknown_fields(message, path):
    found = []
    for field in message.UnknownFields():
        found.append({"path": path, "number": field.field_number, "wireType": field.wire_type})
    for descriptor, value in message.ListFields():
        if descriptor.type != descriptor.TYPE_MESSAGE:
            continue
        name = path + ("." if path else "") + descriptor.name
        if descriptor.message_type.GetOptions().map_entry:
            continue
        if descriptor.label == descriptor.LABEL_REPEATED:
            for i, item in enumerate(value):
                found.extend(unknown_fields(item, "%s[%d]" % (name, i)))
        else:
            found.extend(unknown_fields(value, name))
    return found


def main(argv):
    if len(argv) >= 2 and argv[0] == "write":
        for name, data in fixtures().items():
            with open("%s/%s.bin" % (argv[1], name), "wb") as f:
                f.write(data)
    elif len(argv) >= 3 and argv[0] == "pods":
        rng = random.Random(int(argv[3]) if len(argv) > 3 else 14)
        for i in range(int(argv[1])):
            with open("%s/pod-%04d.bin" % (argv[2], i), "wb") as f:
                f.write(envelope("Pod", varied_pod(rng, i)))
    elif len(argv) >= 2 and argv[0] == "decode":
        data = sys.stdin.buffer.read() if argv[1] == "-" else open(argv[1], "rb").read()
        json.dump(decode(data), sys.stdout, sort_keys=True)
        sys.stdout.write("\n")
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Writes the FileDescriptorSet of k8s-proto's core/v1 schema and its apimachinery dependencies.

Run inside the venv made by scripts/kube-proto-venv, with
PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python (protobuf 3.20.3 refuses these old modules otherwise):

    python export_descriptors.py OUT.pb

Files are listed dependencies first, as protoc --descriptor_set_in expects; the output is
deterministic (same input, same bytes).
"""
import importlib
import sys

from google.protobuf import descriptor_pb2

ROOTS = ["k8s.io.api.core.v1.generated_pb2"]


def main(out_path):
    ordered = []
    seen = set()

    def visit(fd):
        if fd.name in seen:
            return
        seen.add(fd.name)
        for dep in fd.dependencies:
            visit(dep)
        ordered.append(fd)

    for name in ROOTS:
        visit(importlib.import_module(name).DESCRIPTOR)
    fds = descriptor_pb2.FileDescriptorSet()
    for fd in ordered:
        proto = fds.file.add()
        fd.CopyToProto(proto)
    with open(out_path, "wb") as f:
        f.write(fds.SerializeToString(deterministic=True))
    for fd in ordered:
        print(fd.name)


if __name__ == "__main__":
    main(sys.argv[1])

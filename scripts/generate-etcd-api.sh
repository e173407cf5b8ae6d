#!/usr/bin/env bash
# Regenerates Sources/EtcdAPI from etcd 3.4's protos (Debian golang-etcd-server-dev).
#
# The .proto files are taken from the Debian package (downloaded, not installed), stripped of
# the gogoproto and google.api.http annotations, and compiled with Debian's protoc plus the
# protoc-gen-swift / protoc-gen-grpc-swift-2 plugins built from this package's own dependencies.
# Output is deterministic: running it twice yields the same files.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/Sources/EtcdAPI"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v protoc >/dev/null || { echo "protoc missing: apt-get install protobuf-compiler" >&2; exit 1; }

deb_dir="$work/deb"
mkdir -p "$deb_dir"
if [ -n "${ETCD_PROTO_DEB:-}" ]; then
    cp "$ETCD_PROTO_DEB" "$deb_dir/"
else
    (cd "$deb_dir" && apt-get download golang-etcd-server-dev >/dev/null 2>&1) || {
        echo "could not download golang-etcd-server-dev (apt-get download); set ETCD_PROTO_DEB=path/to.deb" >&2
        exit 1
    }
fi
dpkg -x "$deb_dir"/golang-etcd-server-dev_*.deb "$work/x"
src="$work/x/usr/share/gocode/src/go.etcd.io/etcd"

# Strip annotations: gogoproto imports/options and google.api.http option blocks (which nest
# additional_bindings { } blocks, so braces are counted).
strip() {
    perl -0777 -pe '
        s{^import "gogoproto/gogo\.proto";\n}{}mg;
        s{^import "google/api/annotations\.proto";\n}{}mg;
        s{^option \(gogoproto\.[a-z_]+\) = [a-z]+;\n}{}mg;
        s{\s*\[\(gogoproto\.[^\]]*\]}{}g;
        1 while s{option \(google\.api\.http\) = (\{(?:[^{}]++|(?1))*\});}{}s;
        s{\{\s*\}}{{}}g;
    ' "$1"
}

proto="$work/proto"
mkdir -p "$proto/etcd/mvcc/mvccpb" "$proto/etcd/auth/authpb" "$proto/etcd/etcdserver/etcdserverpb"
strip "$src/mvcc/mvccpb/kv.proto" > "$proto/etcd/mvcc/mvccpb/kv.proto"
strip "$src/auth/authpb/auth.proto" > "$proto/etcd/auth/authpb/auth.proto"
strip "$src/etcdserver/etcdserverpb/rpc.proto" > "$proto/etcd/etcdserver/etcdserverpb/rpc.proto"
if grep -q "gogoproto\|google.api" "$proto"/etcd/*/*/*.proto "$proto"/etcd/*/*.proto 2>/dev/null; then
    echo "annotation stripping left gogoproto/google.api references" >&2; exit 1
fi

cd "$root"
swift build --product protoc-gen-swift >/dev/null
swift build --product protoc-gen-grpc-swift-2 >/dev/null
bin="$(swift build --show-bin-path)"

rm -f "$out"/*.swift
protoc -I "$proto" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
    --swift_out="$out" --swift_opt=Visibility=Public,FileNaming=DropPath \
    --grpc-swift_out="$out" \
    --grpc-swift_opt=Visibility=Public,Client=true,Server=false,FileNaming=DropPath \
    etcd/mvcc/mvccpb/kv.proto etcd/auth/authpb/auth.proto etcd/etcdserver/etcdserverpb/rpc.proto
echo "generated: $(ls "$out" | tr '\n' ' ')"

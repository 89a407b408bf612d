#!/usr/bin/env bash
# Re-records the compiler output that the parser golden tests read, with provenance.
# Usage: scripts/capture.sh   (from the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ver=$(go env GOVERSION | sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/')
out="$root/testdata/gc/$ver"
mkdir -p "$out"
src="$root/testdata/gc/src"
goroot=$(go env GOROOT)
flags='-m=2 -d=escapedebug=1 -S'
# -a: the go command replays cached compiler output, but we want a fresh, complete recording.
(cd "$src" && GOARCH=amd64 go build -a -gcflags="$flags" -o /dev/null . 2>&1 || true) \
  | sed -e "s#$src#\$MOD#g" -e "s#$goroot#\$GOROOT#g" > "$out/gcsample.m2S.txt"
cat > "$out/gcsample.m2S.cmd" <<CMD
cd testdata/gc/src && GOARCH=amd64 go build -a -gcflags='$flags' -o /dev/null .
$(go version)
GOOS=$(go env GOOS) GOARCH=amd64
paths: the module directory is replaced by \$MOD and GOROOT by \$GOROOT
CMD
echo "recorded $out/gcsample.m2S.txt ($(wc -l < "$out/gcsample.m2S.txt") lines)"

# The call forms of other architectures: the -S listing of testdata/gc/calls for one target per
# distinct syntax (JAL/JALR on riscv64, Call/CallIndirect on wasm, TOC. symbols on aix, BCL on ppc64,
# CALL AX / (R0) / R1 elsewhere). Only the functions' instruction lines are kept (no data symbols,
# no hex dumps): that is what the parser reads for calls. No -a: the go command replays the
# compiler output of a cached compile verbatim.
calls="$root/testdata/gc/calls"
targets='linux/386 linux/arm linux/arm64 linux/ppc64le linux/riscv64 linux/s390x aix/ppc64 js/wasm'
for target in $targets; do
  goos=${target%/*} goarch=${target#*/}
  f="$out/calls.$goos-$goarch.S.txt"
  (cd "$calls" && GOOS=$goos GOARCH=$goarch CGO_ENABLED=0 go build -gcflags=-S -o /dev/null . 2>&1 || true) \
    | awk '/^# / || / STEXT/ { keep = 1; print; next } /^[^\t]/ { keep = 0 } keep && /^\t0x[0-9a-f]+ [0-9]+ \(/ { print }' \
    | sed -e "s#$calls#\$MOD#g" -e "s#$goroot#\$GOROOT#g" > "$f"
  echo "recorded $f ($(wc -l < "$f") lines)"
done
cat > "$out/calls.cmd" <<CMD
cd testdata/gc/calls && GOOS=<goos> GOARCH=<goarch> CGO_ENABLED=0 go build -gcflags=-S -o /dev/null .
for <goos>/<goarch> in $targets: calls.<goos>-<goarch>.S.txt
$(go version)
kept: package headers, function (STEXT) headers and their instruction lines
paths: the module directory is replaced by \$MOD and GOROOT by \$GOROOT
CMD

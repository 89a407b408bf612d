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

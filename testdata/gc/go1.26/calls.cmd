cd testdata/gc/calls && GOOS=<goos> GOARCH=<goarch> CGO_ENABLED=0 go build -gcflags=-S -o /dev/null .
for <goos>/<goarch> in linux/386 linux/arm linux/arm64 linux/ppc64le linux/riscv64 linux/s390x aix/ppc64 js/wasm: calls.<goos>-<goarch>.S.txt
go version go1.26.8 linux/amd64
kept: package headers, function (STEXT) headers and their instruction lines
paths: the module directory is replaced by $MOD and GOROOT by $GOROOT

cd testdata/gc/src && GOARCH=amd64 go build -a -gcflags='-m=2 -d=escapedebug=1 -S' -o /dev/null .
go version go1.26.8 linux/amd64
GOOS=linux GOARCH=amd64
paths: the module directory is replaced by $MOD and GOROOT by $GOROOT

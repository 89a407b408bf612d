//go:build linux

package compare

// BoxLinux is built for linux only: compare --goos linux --goos windows shows it on one side.
//
// measure: args int64(2000)
func BoxLinux(n int64) { Sink = n }

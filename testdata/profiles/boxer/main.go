// Command boxer boxes values at known sites a known number of times with every allocation
// profiled (runtime.MemProfileRate = 1), then writes the allocs profile to a file, or serves
// net/http/pprof on a loopback port. The profile tests compare ifacelens's attribution with the
// exact numbers this program allocates.
//
//	boxer -o allocs.pb.gz [-rate N]    write the profile and exit
//	boxer -serve                       print the address, then serve /debug/pprof/ until killed
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
)

var (
	Sink   any
	name   = "hello"
	triple = Triple{1, 2, 3}
	wide   = [33]byte{1}
	n      = 1000
)

// Triple is 24 bytes without pointers: runtime.convTnoptr, 24-byte size class.
type Triple struct{ A, B, C int64 }

// wrap is inlined into its callers: its conversion runs in their machine code.
func wrap(t Triple) any {
	return t
}

//go:noinline
func Strings(k int) {
	for i := 0; i < k; i++ {
		Sink = name // 16-byte string header each time
	}
}

//go:noinline
func Triples(k int) {
	for i := 0; i < k; i++ {
		Sink = triple // 24 bytes each time
	}
}

//go:noinline
func Inlined(k int) {
	for i := 0; i < k; i++ {
		Sink = wrap(triple) // 24 bytes each time, inlined from wrap
	}
}

//go:noinline
func Wide(k int) {
	for i := 0; i < k; i++ {
		Sink = wide // 33 bytes: 48-byte size class
	}
}

// keep stores its argument; it is never inlined, so each argument is boxed in the caller.
//
//go:noinline
func keep(x any) bool { Sink = x; return false }

// SameLine boxes two strings on one line, the first only every third time: the two sites make
// samples of the same size at the same line, told apart only by their addresses (--binary).
//
//go:noinline
func SameLine(k int) {
	for i := 0; i < k; i++ {
		_ = i%3 == 0 && keep(name) || keep(other)
	}
}

var other = "world"

func work() {
	Strings(1000)
	Triples(2000)
	Inlined(500)
	Wide(300)
	SameLine(600)
}

func main() {
	out := flag.String("o", "", "write the allocs profile to this file")
	serve := flag.Bool("serve", false, "serve net/http/pprof on a loopback port")
	rate := flag.Int("rate", 1, "runtime.MemProfileRate")
	flag.Parse()
	runtime.MemProfileRate = *rate
	work()
	runtime.GC()
	if *serve {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(l.Addr().String())
		http.Serve(l, nil)
		return
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
}

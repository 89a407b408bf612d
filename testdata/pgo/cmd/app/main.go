// Command app runs two hot loops that call through an interface. Its default.pgo is a CPU profile
// of this program (see ../../README.md): with it, go build devirtualises and inlines the hot calls.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"example.com/pgofixture/sink"
)

// hot is never inlined, so the code that runs is this function's own. With the profile, the
// compiler adds a direct, inlined call of (*sink.Counter).Put behind a type check, and keeps the
// call through the interface for every other type: buf still escapes through that call.
//
//go:noinline
func hot(s sink.Sink, n int) int {
	t := 0
	for i := 0; i < n; i++ {
		var buf [64]byte
		buf[0] = byte(i)
		t += s.Put(&buf)
	}
	return t
}

type discard struct{ n int }

func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// hotWrite is too costly to inline (cost 118, budget 80) unless the profile says its call in main
// is hot: then it is inlined there, w is known to be a *discard, the call is devirtualised
// without a fallback, and buf stays on the stack.
func hotWrite(w io.Writer, n int) {
	for i := 0; i < n; i++ {
		var buf [32]byte
		buf[0] = byte(i)
		w.Write(buf[:])
	}
}

func main() {
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	n := flag.Int("n", 1<<20, "iterations of each loop")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	var m0, m1, m2 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t := hot(sink.Impl, *n)
	runtime.ReadMemStats(&m1)
	var d discard
	hotWrite(&d, *n)
	runtime.ReadMemStats(&m2)
	// Heap allocation per iteration of each loop (runtime.MemStats deltas).
	fmt.Printf("hot: %.3f B/iter %.3f allocs/iter (%d)\n", float64(m1.TotalAlloc-m0.TotalAlloc)/float64(*n), float64(m1.Mallocs-m0.Mallocs)/float64(*n), t)
	fmt.Printf("hotWrite: %.3f B/iter %.3f allocs/iter (%d)\n", float64(m2.TotalAlloc-m1.TotalAlloc)/float64(*n), float64(m2.Mallocs-m1.Mallocs)/float64(*n), d.n)
}

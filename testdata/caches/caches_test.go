package caches

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
)

// TestCacheBytes runs each site with its k types until its cache must be full and prints the
// mallocs and bytes the run allocated (the caches are the only allocations in the loops).
func TestCacheBytes(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	sites := []struct {
		name string
		k    int
		f    func(any)
	}{
		{"Assert1", 1, func(x any) { Assert1(x) }},
		{"Switch1", 1, func(x any) { Switch1(x) }},
		{"Assert2", 2, func(x any) { Assert2(x) }},
		{"Switch2", 2, func(x any) { Switch2(x) }},
		{"Assert3", 3, func(x any) { Assert3(x) }},
		{"Switch3", 3, func(x any) { Switch3(x) }},
		{"Assert4", 4, func(x any) { Assert4(x) }},
		{"Switch4", 4, func(x any) { Switch4(x) }},
		{"Assert8", 8, func(x any) { Assert8(x) }},
		{"Switch8", 8, func(x any) { Switch8(x) }},
		{"Assert16", 16, func(x any) { Assert16(x) }},
		{"Switch16", 16, func(x any) { Switch16(x) }},
	}
	// The runtime allocates a few bytes in the background at times; a second run in the
	// opposite order (IFACELENS_REVERSE=1) lets the caller keep each site's smaller figure.
	if os.Getenv("IFACELENS_REVERSE") != "" {
		slices.Reverse(sites)
	}
	for _, s := range sites {
		vals := Values[:s.k]
		n := 3000000 * s.k
		runtime.GC()
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		for i := 0; i < n; i++ {
			s.f(vals[i%s.k])
		}
		runtime.ReadMemStats(&b)
		fmt.Printf("IFACELENS-CACHE %s %d %d %d\n", s.name, s.k, b.Mallocs-a.Mallocs, b.TotalAlloc-a.TotalAlloc)
	}
}

package seeds

import (
	"fmt"
	"io"
)

// PrintArgs passes three values to fmt.Fprintln: each becomes an `any`, and the ...any backing
// array does not escape: fmt copies what it needs. The constant 3.5 is static data; n and s are
// boxed by runtime.convT64 and runtime.convTstring.
//
// measure: args 1000, "hello"
func PrintArgs(n int, s string) {
	fmt.Fprintln(io.Discard, n, s, 3.5) // want convert:"runtime.convT64" allocs=1 bytes=8; convert:"runtime.convTstring" allocs=1 bytes=16; convert allocs=0; variadic-slice allocs=0
}

package seeds

import (
	"fmt"
	"io"
)

// PrintArgs passes three values to fmt.Fprintln: each becomes an `any`, and the ...any backing
// array escapes because Fprintln hands it to an io.Writer.
func PrintArgs(n int, s string) {
	fmt.Fprintln(io.Discard, n, s, 3.5)
}

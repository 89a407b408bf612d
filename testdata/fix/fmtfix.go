// Package fix holds the rewrites of ifacelens fix, each proven (`// fix: REWRITE allocs=A bytes=B`
// is the measured drop per call the fix must show at least) or refused (`// fix-refused: REWRITE
// "why"`). The tests in fix_test.go check that each rewrite prints exactly what the code printed.
package fix

import (
	"fmt"
	"strings"
)

var Sink string

type Celsius int

func (c Celsius) String() string { return fmt.Sprint(int(c)) + "°C" }

// measure: args "key", "value"
func Pair(k, v string) string {
	return fmt.Sprintf("%s=%s", k, v) // fix: fmt-strconv allocs=2 bytes=32
}

// measure: args 12345
func Count(n int) string {
	return fmt.Sprintf("%d", n) // fix: fmt-strconv allocs=1 bytes=8
}

// measure: args "a", "b"
func Join(a, b string) string {
	return fmt.Sprint(a, b) // fix: fmt-strconv allocs=2 bytes=32
}

// measure: args 1.5
func Float(f float64) string {
	return fmt.Sprintf("%v", f) // fix-refused: fmt-strconv "float64 printed with %v"
}

// measure: args Celsius(300)
func Temp(c Celsius) string {
	return fmt.Sprintf("%v", c) // fix-refused: fmt-strconv "not of a basic type"
}

// measure: args 300
func Padded(n int) string {
	return fmt.Sprintf("%5d", n) // fix-refused: fmt-strconv "%5"
}

// measure: args 300
func Hex(n int) string {
	return fmt.Sprintf("%x", n) // fix-refused: fmt-strconv "%x"
}

func Upper(s string) string { return strings.ToUpper(s) }

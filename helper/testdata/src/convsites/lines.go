// Not gofmt-formatted on purpose: the columns are what is tested.

package convsites

// Lines longer than 255 bytes: the compiler prints no column past its saturation point.
func LongLine(n int, s S) {
	vari(n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, s, "end")
	takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s); takeAny2(n, s)
}

// Line directives, as cgo writes them: positions are relative to the directive.
func Directives(n int, s S) {
	vari(n, /*line :500:10*/ s, n)
	vari(n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, /*line :700:3*/ s, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n)
	vari(n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, /*line :800:3*/ s, n, n)
//line :900:5
	sink = n
	vari(n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, s)
//line lines.go:950
	sink = n + 1
}

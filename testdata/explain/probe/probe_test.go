package probe

import (
	"testing"
	"unsafe"
)

// TestProbe runs each function of probe.go on a pre-grown stack and prints what record saw.
func TestProbe(t *testing.T) {
	probeLoad(t)
	for _, run := range []func(){
		HeapMoveStays, HeapMoveEscapes,
		func() { VariadicStays(1000) }, func() { VariadicStaysLeaking(1000, "hello") }, func() { VariadicEscapes(1000) },
		func() { StackTemp(Padded{A: true}) },
		func() { ToAny(thing{n: 1000}) }, func() { Widen(both) },
		func() { AssertIface(thing{n: 1000}) }, func() { AssertConcrete(thing{n: 1000}) },
		func() { Switch(thing{n: 1000}) },
		TypedNil,
	} {
		Records = Records[:0]
		hi := probeOnStack(run)
		for _, r := range Records {
			switch {
			case r.N == 3: // a slice header
				probePrint(t, r.Name, map[string]any{"array": probeAt(r.Words[0], r.SP, hi), "len": r.Words[1], "cap": r.Words[2]})
			case r.N == 2:
				empty := map[string]bool{"to-any": true, "stack-temp": true, "assert-iface source": true, "type-switch source": true}[r.Name]
				probePrint(t, r.Name, map[string]any{"word": probeDescribe([2]uintptr{r.Words[0], r.Words[1]}, empty, r.SP, hi)})
			case r.N > 3:
				elems := []probeValue{}
				for i := 0; i+1 < r.N; i += 2 {
					elems = append(elems, probeDescribe([2]uintptr{r.Words[i], r.Words[i+1]}, true, r.SP, hi))
				}
				probePrint(t, r.Name, map[string]any{"elems": elems})
			}
		}
	}
	_ = unsafe.Pointer(nil)
}

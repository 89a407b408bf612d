package probe

// What an interface value's words point at in the running test binary, printed as JSON lines
// ("PROBE {...}") for test/explain.test.ts: the type word's type, the itab's symbol and its two
// types, and for each data word the region it lies in — the binary's read-only data, data or bss
// (with the symbol, e.g. runtime.staticuint64s, and the offset in it), the stack of the observing
// goroutine, or else dynamic memory (the heap). test/explain.test.ts also copies this file, with
// its package clause changed, into the packages of examples/seeds and testdata/fixtures.

import (
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"testing"
	"unsafe"
)

type probeSym struct {
	name       string
	addr, size uint64
}

var (
	probeSyms     []probeSym
	probeSections []*elf.Section
	// an object of the GC heap: the heap's arenas are reserved next to each other (from
	// 0xc000000000 on 64-bit Linux), while the runtime's own off-heap memory (persistentalloc,
	// where getitab builds itabs) is mapped elsewhere
	probeHeapRef = uintptr(unsafe.Pointer(new([64]byte)))
)

func probeLoad(t *testing.T) {
	if probeSyms != nil {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		if s.Size > 0 {
			probeSyms = append(probeSyms, probeSym{s.Name, s.Value, s.Size})
		}
	}
	sort.Slice(probeSyms, func(i, j int) bool { return probeSyms[i].addr < probeSyms[j].addr })
	probeSections = f.Sections
}

// probeWhere is where an address points: region, and the symbol and offset when a sized symbol
// of the binary contains it.
type probeWhere struct {
	Region string `json:"region"`
	Symbol string `json:"symbol,omitempty"`
	Offset uint64 `json:"offset"`
	Nil    bool   `json:"nil,omitempty"`
	// the address itself, to compare words that must be equal
	Addr string `json:"addr"`
}

// probeAt classifies address a; [lo, hi) are the stack bounds of the observing goroutine when
// known (0, 0 for values read from package-level variables, which never point into a stack).
func probeAt(a uintptr, lo, hi uintptr) probeWhere {
	if a == 0 {
		return probeWhere{Region: "nil", Nil: true, Addr: "0x0"}
	}
	w := probeWhere{Region: "heap", Addr: fmt.Sprintf("%#x", a)}
	if lo != 0 && lo <= a && a < hi {
		w.Region = "stack"
		return w
	}
	if d := int64(a) - int64(probeHeapRef); d < -1<<34 || d > 1<<34 {
		w.Region = "offheap" // not the GC heap's arenas: runtime memory such as persistentalloc's
	}
	for _, s := range probeSections {
		if s.Addr != 0 && uint64(a) >= s.Addr && uint64(a) < s.Addr+s.Size {
			switch s.Name {
			case ".noptrdata", ".data":
				w.Region = "data"
			case ".bss", ".noptrbss":
				w.Region = "bss"
			case ".text":
				w.Region = "text"
			default:
				w.Region = "rodata"
			}
		}
	}
	i := sort.Search(len(probeSyms), func(i int) bool { return probeSyms[i].addr > uint64(a) }) - 1
	if i >= 0 && uint64(a) < probeSyms[i].addr+probeSyms[i].size {
		w.Symbol, w.Offset = probeSyms[i].name, uint64(a)-probeSyms[i].addr
	}
	return w
}

// probeTypeName names the type whose descriptor is at tw the way go/types and the compiler's
// symbols do (import paths, not package names).
func probeTypeName(tw uintptr) string {
	if tw == 0 {
		return ""
	}
	var e any
	(*[2]uintptr)(unsafe.Pointer(&e))[0] = tw
	return probeName(reflect.TypeOf(e))
}

func probeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() != "" {
			return t.PkgPath() + "." + t.Name()
		}
		return t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + probeName(t.Elem())
	case reflect.Slice:
		return "[]" + probeName(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), probeName(t.Elem()))
	case reflect.Map:
		return "map[" + probeName(t.Key()) + "]" + probeName(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	case reflect.Struct:
		s := "struct{"
		for i := range t.NumField() {
			if i > 0 {
				s += "; "
			}
			f := t.Field(i)
			if !f.Anonymous {
				s += f.Name + " "
			}
			s += probeName(f.Type)
		}
		return s + "}"
	}
	return t.String()
}

// probeNoInline hands back f so that calling the result runs f's own machine code: a call the
// compiler cannot inline into the test, with arguments it cannot see as constants.
//
//go:noinline
func probeNoInline[F any](f F) F { return f }

// probeValue describes one interface value's two words.
type probeValue struct {
	Kind string `json:"kind"`
	// eface: the type word's type
	Type string `json:"type,omitempty"`
	// iface: the itab's symbol (when static), where it is, and its inter and _type
	Tab      *probeWhere `json:"tab,omitempty"`
	Inter    string      `json:"inter,omitempty"`
	TabType  string      `json:"tabType,omitempty"`
	TypeWord *probeWhere `json:"typeWord,omitempty"`
	Data     probeWhere  `json:"data"`
}

func probeDescribe(words [2]uintptr, empty bool, lo, hi uintptr) probeValue {
	v := probeValue{Kind: "eface", Data: probeAt(words[1], lo, hi)}
	if empty {
		v.Type = probeTypeName(words[0])
		tw := probeAt(words[0], lo, hi)
		v.TypeWord = &tw
		return v
	}
	v.Kind = "iface"
	tab := probeAt(words[0], lo, hi)
	v.Tab = &tab
	if words[0] != 0 {
		it := (*[2]uintptr)(probePtr(words[0])) // internal/abi.ITab: Inter, Type, ...
		v.Inter, v.TabType = probeTypeName(it[0]), probeTypeName(it[1])
	}
	return v
}

// probePrint writes one observation for the TypeScript side.
func probePrint(t *testing.T, name string, v any) {
	b, err := json.Marshal(map[string]any{"name": name, "value": v})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("PROBE %s\n", b)
}

// probeIface reads the interface value at p (a package-level variable: never on a stack).
func probeIface(t *testing.T, name string, p unsafe.Pointer, empty bool, extra map[string]any) {
	probeLoad(t)
	v := probeDescribe(*(*[2]uintptr)(p), empty, 0, 0)
	out := map[string]any{"word": v}
	for k, x := range extra {
		out[k] = x
	}
	probePrint(t, name, out)
}

// probeSlice reads the backing array of xs and its n interface values.
func probeSlice(t *testing.T, name string, array unsafe.Pointer, n int, empty bool, lo, hi uintptr) {
	probeLoad(t)
	elems := []probeValue{}
	for i := 0; i < n; i++ {
		w := *(*[2]uintptr)(unsafe.Add(array, uintptr(i)*2*unsafe.Sizeof(uintptr(0))))
		elems = append(elems, probeDescribe(w, empty, lo, hi))
	}
	probePrint(t, name, map[string]any{"array": probeAt(uintptr(array), lo, hi), "elems": elems})
}

// probePtr turns an itab's address back into a pointer. Itabs live in read-only data or in
// memory the runtime never frees or moves, so the address stays valid.
func probePtr(a uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&a))
}

// probeOnStack runs f on a goroutine whose stack has first grown to 256 KiB, with the garbage
// collector off so that it neither grows nor shrinks while f runs: the addresses f records stay
// comparable with [the deepest frame, the goroutine's entry frame).
func probeOnStack(f func()) (hi uintptr) {
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	done := make(chan uintptr)
	go func() {
		probeGrow(256)
		var top byte
		hi := uintptr(unsafe.Pointer(&top))
		f()
		done <- hi
	}()
	return <-done
}

//go:noinline
func probeGrow(n int) byte {
	var pad [1024]byte
	if n == 0 {
		return pad[0]
	}
	pad[n%1024] = byte(n)
	return probeGrow(n-1) + pad[(n+1)%1024]
}

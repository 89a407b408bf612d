package main

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Functions that never return, for the typed-nil check: a block that calls one ends its path.

// findNoReturn finds the package's functions that never return: no return instruction is
// reachable without passing a call of a function that never returns (os.Exit, log.Fatal,
// t.Fatal, panicking helpers...).
func (c *tnCheck) findNoReturn() {
	c.noReturn = map[*ssa.Function]bool{}
	for changed := true; changed; {
		changed = false
		for _, fn := range c.order {
			if c.noReturn[fn] || len(fn.Blocks) == 0 {
				continue
			}
			seen := make([]bool, len(fn.Blocks))
			work := []*ssa.BasicBlock{fn.Blocks[0]}
			returns := false
			for len(work) > 0 && !returns {
				b := work[len(work)-1]
				work = work[:len(work)-1]
				if seen[b.Index] || c.deadEnd(b) {
					continue
				}
				seen[b.Index] = true
				if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					returns = true
				}
				work = append(work, b.Succs...)
			}
			if !returns {
				c.noReturn[fn] = true
				changed = true
			}
		}
	}
}

// deadEnd: b calls a function that never returns.
func (c *tnCheck) deadEnd(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		call, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		if callee := call.Call.StaticCallee(); callee != nil {
			if c.noReturn[callee] || exitFunc(callee) {
				return true
			}
		} else if call.Call.IsInvoke() && exitMethods[call.Call.Method.Name()] {
			if named, ok := types.Unalias(call.Call.Value.Type()).(*types.Named); ok && named.Obj().Pkg() != nil &&
				named.Obj().Pkg().Path() == "testing" && named.Obj().Name() == "TB" {
				return true
			}
		}
	}
	return false
}

var exitMethods = map[string]bool{"Fatal": true, "Fatalf": true, "Fatalln": true, "FailNow": true,
	"Skip": true, "Skipf": true, "SkipNow": true, "Exit": true, "Goexit": true,
	"Panic": true, "Panicf": true, "Panicln": true}

// exitFunc: a function of another package known never to return.
func exitFunc(fn *ssa.Function) bool {
	var pkg *types.Package
	if obj := fn.Object(); obj != nil {
		pkg = obj.Pkg()
	} else if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg
	}
	if pkg == nil || !exitMethods[fn.Name()] {
		return false
	}
	switch pkg.Path() {
	case "os", "syscall", "runtime", "log", "testing",
		"k8s.io/klog", "k8s.io/klog/v2", "github.com/sirupsen/logrus", "go.uber.org/zap":
		return true
	}
	return false
}

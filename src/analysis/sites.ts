// The join: each conversion site the helper found in the syntax, placed in every function whose
// machine code runs it (its own, and each caller it was inlined into), with the compiler's escape
// verdict, walk's data-word decision and the runtime call in the emitted code.
import { basename, isAbsolute, resolve, sep } from 'node:path';
import type { FactStore } from '../facts/store.js';
import { relFile } from '../facts/position.js';
import type { HFunction, HPos, HSite, LoopFacts } from '../parse/helper-protocol.js';
import type { MRecord } from '../parse/gcflags-m.js';
import type { AsmFunction } from '../parse/gcflags-asm.js';
import { collapseGroups, genericShape, shortName, stripComments } from './names.js';
import { typeDataWord } from './conversion-cost.js';

/** One execution context of a site: the site in the machine code of one function. */
export interface Instance {
  site: HSite;
  /** runtime symbol of the function whose code runs the site */
  machine: string;
  asm?: AsmFunction;
  /** package of the host function, for inlined instances without machine code */
  hostPackage?: string;
  /** where the compiler reports this instance (the outermost call site when inlined) */
  outer: HPos;
  inlinedAt?: { callee: string; pos: HPos }[];
  /** loop facts of the inlined call in its function (from the helper's call record); null: none found */
  callLoop?: LoopFacts | null;
  /** compiler records paired with this instance */
  escape?: Extract<MRecord, { kind: 'escape' }>;
  moved?: Extract<MRecord, { kind: 'moved' }>;
  decision?: Extract<MRecord, { kind: 'convert' }>;
  /** an indirect candidate kept because its flow passes it to this dynamic call */
  viaDynamicCall?: import('../parse/helper-protocol.js').HDynCall;
  /** whether the machine code's listing was read: if not, an absent call proves nothing */
  listingRead?: boolean;
  /** indirect-closure: the compiler's by-value decision for each captured variable (undefined: not printed) */
  captureByValue?: (boolean | undefined)[];
  /** dynamic-arg: the compiler's `devirtualizing …` message at the call, if any */
  devirtualized?: string;
  /** whether the emitted code has this instance's runtime helper call (undefined: not looked up) */
  emittedCall?: boolean;
}

const posKey = (p: HPos) => `${p.file}:${p.line}:${p.col}`;

/** Index of compiler facts with file paths resolved to absolute paths. */
class CompilerIndex {
  readonly byPos = new Map<string, MRecord[]>();
  readonly inlineCalls: (Extract<MRecord, { kind: 'inline-call' }> & { abs: HPos })[] = [];
  /** `devirtualizing w.Write to *bytes.Buffer` by the compile and the call's position, and by the position alone */
  readonly devirtualized = new Map<string, string>();
  /** the compiler's closure capture decisions */
  readonly captures = new Map<string, Extract<MRecord, { kind: 'capture' }>>();

  constructor(store: FactStore) {
    const filesByPkg = new Map<string, string[]>();
    for (const p of store.packages) filesByPkg.set(p.path, p.files);
    // A relative position names a file of the compiled package, or (code inlined or instantiated
    // from elsewhere) of another package: the go command prints a path relative to where it can
    // (net/http/transfer.go for std), so the file is looked up by suffix, the compile's own first.
    const allFiles = store.packages.flatMap((p) => p.files);
    const resolveFile = (pkg: string, f: string): string => {
      if (isAbsolute(f)) return f;
      const stripped = f.replace(/^\.\//, '');
      const match = (abs: string) => abs.endsWith(sep + stripped) || abs === stripped;
      return (filesByPkg.get(pkg) ?? []).find(match) ?? allFiles.find(match) ?? resolve(store.dir, f);
    };
    // The positions inside an escape flow (`from x (spill) at FILE:L:C`) as the report writes
    // positions, whatever form the go command printed them in (./a.go, net/http/x.go, absolute).
    const flowPositions = new Map<string, string>();
    const reportFile = (pkg: string, f: string) => {
      const k = `${pkg}\u0000${f}`;
      let v = flowPositions.get(k);
      if (v === undefined) flowPositions.set(k, (v = relFile(store.dir, resolveFile(pkg, f))));
      return v;
    };
    for (const r of store.m.records) {
      if (r.kind === 'escape' || r.kind === 'moved') {
        r.flow = r.flow.map((l) =>
          l.replace(/ at (\S+?):(\d+):(\d+)$/, (_, f: string, line: string, col: string) => ` at ${reportFile(r.pkg, f)}:${line}:${col}`),
        );
      }
      const abs: HPos = { file: resolveFile(r.pkg, r.pos.file), line: r.pos.line, col: r.pos.col };
      if (r.kind === 'inline-call') {
        this.inlineCalls.push({ ...r, abs });
        continue;
      }
      if (r.kind === 'devirtualize') {
        // by the compile too: a closure or shaped body copied into several packages is
        // devirtualized in one compile's copy and not necessarily in another's
        this.devirtualized.set(`${r.pkg}\u0000${posKey(abs)}`, r.text);
        this.devirtualized.set(posKey(abs), r.text);
        continue;
      }
      if (r.kind === 'capture') {
        // by the compile and the variable's declaration (`F capturing by value: x` is printed there)
        this.captures.set(`${r.pkg}\u0000${r.name}\u0000${r.pos.line}:${r.pos.col}`, r);
        continue;
      }
      if (r.kind === 'escape' || r.kind === 'moved' || r.kind === 'convert') {
        const k = posKey(abs);
        let list = this.byPos.get(k);
        if (!list) this.byPos.set(k, (list = []));
        list.push(r);
      }
    }
  }
}

/** Finds the innermost helper function whose source range contains a position. */
class FunctionIndex {
  private byFile = new Map<string, HFunction[]>();
  readonly byShort = new Map<string, HFunction[]>();
  readonly byName = new Map<string, HFunction>();

  constructor(store: FactStore) {
    const pkgName = new Map(store.packages.map((p) => [p.path, p.name]));
    for (const f of store.functions) {
      this.byName.set(f.name, f);
      let l = this.byFile.get(f.file);
      if (!l) this.byFile.set(f.file, (l = []));
      l.push(f);
      const short = genericShape(shortName(f.name));
      const pn = pkgName.get(f.package);
      // -m prints same-package callees unqualified (box, (*T).M) and others by package name
      // (fmt.Println, (*bytes.Buffer).Write, bytes.(*Buffer).Write).
      const keys = [`${f.package}\u0000${short}`, `${pn}.${short}`];
      const meth = /^\((\*?)(.+?)\)\.(.+)$/.exec(short);
      if (meth) keys.push(`(${meth[1]}${pn}.${meth[2]}).${meth[3]}`);
      for (const k of keys) {
        let s = this.byShort.get(k);
        if (!s) this.byShort.set(k, (s = []));
        s.push(f);
      }
    }
  }

  startingOn(file: string, line: number): HFunction[] {
    return (this.byFile.get(file) ?? []).filter((f) => f.start.line === line);
  }

  containing(p: HPos): HFunction | undefined {
    let best: HFunction | undefined;
    for (const f of this.byFile.get(p.file) ?? []) {
      const afterStart = p.line > f.start.line || (p.line === f.start.line && p.col >= f.start.col);
      const beforeEnd = p.line < f.end.line || (p.line === f.end.line && p.col <= f.end.col);
      if (afterStart && beforeEnd) {
        if (!best || f.start.line > best.start.line || (f.start.line === best.start.line && f.start.col > best.start.col)) best = f;
      }
    }
    return best;
  }
}

/** Builds every instance of every site. */
export function instancesOf(store: FactStore): Instance[] {
  const cidx = new CompilerIndex(store);
  const fidx = new FunctionIndex(store);
  const asmByShape = new Map<string, AsmFunction[]>();
  // A symbol can be listed twice by one compile: the function and its ABI wrapper (dupok, a few
  // bytes that only forward); keep the real body, the larger one. A shaped generic body is emitted
  // by every package that instantiates it, not always alike (inlining differs): the copy of the
  // first such package by import path is the one reported (the linker keeps one of them too), so
  // that which packages were analysed together (a shard) does not change it.
  const bodies = new Map<string, AsmFunction>();
  for (const a of store.asm) {
    const prev = bodies.get(a.name);
    if (!prev || a.pkg < prev.pkg || (a.pkg === prev.pkg && a.size > prev.size)) bodies.set(a.name, a);
  }
  for (const a of bodies.values()) {
    // Generic code runs in shaped instantiations (G[go.shape.int]); the G[int] wrappers only forward.
    if (a.name.includes('[') && !a.name.includes('go.shape.')) continue;
    const k = genericShape(a.name);
    let l = asmByShape.get(k);
    if (!l) asmByShape.set(k, (l = []));
    l.push(a);
  }
  // Closures copied by inlining: when a function holding a func literal is inlined, the compiler
  // emits the literal again under the host's name (app.Use.Closure.func1, pkg.init.F.func3). The
  // copy's TEXT is at the original literal: it runs the original closure's sites.
  const copies = closureCopies(store, fidx, bodies.values());
  const machinesOf = (fn: string): AsmFunction[] => [...(asmByShape.get(genericShape(fn)) ?? []), ...(copies.get(fn) ?? [])];
  const sitesByFunc = new Map<string, HSite[]>();
  for (const s of store.sites) {
    let l = sitesByFunc.get(s.function);
    if (!l) sitesByFunc.set(s.function, (l = []));
    l.push(s);
  }

  const instances: Instance[] = [];
  for (const s of store.sites) {
    const asms = machinesOf(s.function);
    if (asms.length === 0) {
      instances.push({ site: s, machine: s.function, outer: s.pos });
    }
    for (const a of asms) instances.push({ site: s, machine: a.name, asm: a, outer: s.pos });
  }
  // Inlined copies: every `inlining call to X` puts X's sites into the function around the call.
  // Nested inlining prints every inlined callee at the outermost call; the helper's call records
  // (caller, callee, position, loop facts) rebuild each callee's chain of calls, outermost first.
  const callAt = new Map(store.calls.map((c) => [posKey(c.pos), c]));
  const callsByCaller = new Map<string, typeof store.calls>();
  for (const c of store.calls) {
    let l = callsByCaller.get(c.function);
    if (!l) callsByCaller.set(c.function, (l = []));
    l.push(c);
  }
  // Inlining is decided per compile: a closure or shaped body that one package's compile inlined
  // a call into may call it in another package's copy (crypto/hpke's copy of fips140hash's closure
  // calls Unwrap; crypto/ecdsa's inlines it). So each callee remembers which compiles inlined it.
  const byOuter = new Map<string, { ic: (typeof cidx.inlineCalls)[number]; callee: HFunction; compiles: Set<string> }[]>();
  for (const ic of cidx.inlineCalls) {
    const callee0 = genericShape(ic.callee);
    const callees = fidx.byShort.get(`${ic.pkg}\u0000${callee0}`) ?? fidx.byShort.get(callee0) ?? [];
    const k = posKey(ic.abs);
    let l = byOuter.get(k);
    if (!l) byOuter.set(k, (l = []));
    for (const callee of callees) {
      const had = l.find((x) => x.callee === callee);
      if (had) had.compiles.add(ic.pkg);
      else l.push({ ic, callee, compiles: new Set([ic.pkg]) });
    }
  }
  for (const group of byOuter.values()) {
    if (group.length === 0) continue; // inlined callees outside the analysed packages
    const outer = group[0].ic.abs;
    // A call in a package-level variable's initialiser runs in the package's init function.
    const host = fidx.containing(outer) ?? initOf(store, outer);
    if (!host) continue;
    const hostAsms = machinesOf(host.name);
    const names = new Set(group.map((g) => genericShape(g.callee.name)));
    const direct = callAt.get(posKey(outer));
    // chain(X): the calls from the host down to X, each with its loop facts
    const chains = new Map<string, { callee: string; pos: HPos; loop: LoopFacts | null }[] | null>();
    const chainOf = (name: string, seen: Set<string>): { callee: string; pos: HPos; loop: LoopFacts | null }[] | null => {
      if (chains.has(name)) return chains.get(name)!;
      if (direct && genericShape(direct.callee ?? '') === name) {
        const c = [{ callee: name, pos: outer, loop: direct.loop }];
        chains.set(name, c);
        return c;
      }
      for (const parent of names) {
        if (parent === name || seen.has(parent)) continue;
        const call = (callsByCaller.get(parent) ?? []).find((c) => genericShape(c.callee ?? '') === name);
        if (!call) continue;
        const up = chainOf(parent, new Set([...seen, name]));
        if (up) {
          const c = [...up, { callee: name, pos: call.pos, loop: call.loop }];
          chains.set(name, c);
          return c;
        }
      }
      chains.set(name, null);
      return null;
    };
    for (const { callee, compiles } of group) {
      // G[int] wrappers inline their shaped body G[go.shape.int] at the declaration: not a call.
      if (callee.name === host.name) continue;
      const chain = chainOf(genericShape(callee.name), new Set());
      const frames = chain
        ? chain.map((f, k) => ({ callee: f.callee === genericShape(callee.name) ? callee.name : f.callee, pos: k === 0 ? outer : f.pos }))
        : [{ callee: callee.name, pos: outer }];
      // loop facts along the chain: trip counts multiply, any conditional call makes it conditional
      let callLoop: LoopFacts | null = null;
      if (chain?.every((f) => f.loop)) {
        callLoop = { depth: 0, tripCounts: chain.flatMap((f) => f.loop!.tripCounts), conditional: chain.some((f) => f.loop!.conditional) };
        callLoop.depth = callLoop.tripCounts.length;
      } else if (!chain && direct && group.length === 1) {
        callLoop = direct.loop;
      }
      const inlinedInto = hostAsms.filter((a) => compiles.has(a.pkg));
      for (const s of sitesByFunc.get(callee.name) ?? []) {
        if (hostAsms.length === 0) instances.push({ site: s, machine: host.name, hostPackage: host.package, outer, inlinedAt: frames, callLoop });
        for (const a of inlinedInto) instances.push({ site: s, machine: a.name, asm: a, outer, inlinedAt: frames, callLoop });
      }
    }
  }
  pairCompilerRecords(instances, cidx, store);
  // A leaf function has no calls: its listing was read when its package's other functions' calls
  // were recognised (every non-leaf function calls at least runtime.morestack).
  const packagesWithCalls = new Set(store.asm.filter((a) => a.refs.some((r) => r.call)).map((a) => a.pkg));
  for (const i of instances) {
    i.listingRead = !!i.asm && (i.asm.refs.some((r) => r.call) || packagesWithCalls.has(i.asm.pkg));
    if (i.site.context === 'indirect-closure') {
      const pkg = i.asm?.pkg ?? i.site.package;
      i.captureByValue = (i.site.captures ?? []).map((c) => cidx.captures.get(`${pkg}\u0000${c.name}\u0000${c.pos.line}:${c.pos.col}`)?.byValue);
    }
  }
  // Indirect heap-move candidates (p := new(T); …; var w io.Writer = p) are sites only where the
  // compiler's -m=2 flow shows the object escaping through an interface conversion.
  // Or where the flow passes it to a call through an interface or a function value: then it is a
  // dynamic-arg (the callee is unknown).
  let litIndex: Map<string, Extract<MRecord, { kind: 'escape' }>[]> | undefined;
  const funcLiteralEscapes = () => {
    if (!litIndex) {
      litIndex = new Map();
      for (const [k, recs] of cidx.byPos) {
        const m = /^(.*):(\d+):(\d+)$/.exec(k);
        if (!m) continue;
        for (const r of recs) {
          if (r.kind !== 'escape' || r.subject !== 'func literal' || !r.escapes) continue;
          const key = `${basename(m[1])}:${m[2]}:${m[3]}`;
          let l = litIndex.get(key);
          if (!l) litIndex.set(key, (l = []));
          l.push(r);
        }
      }
    }
    return litIndex;
  };
  // A value captured by a closure escapes with that closure: follow `(captured by a closure) at P`
  // to the func literal at P and its own flow (zap's WrapCore(func…) wraps one closure in another).
  const viaInterface = (flow: string[] | undefined, depth = 0): boolean => {
    if (!flow) return false;
    if (flow.some((l) => l.includes('(interface-converted)'))) return true;
    if (depth > 4) return false;
    for (const l of flow) {
      const m = /\(captured by a closure\) at (.+):(\d+):(\d+)$/.exec(l);
      if (!m) continue;
      for (const r of funcLiteralEscapes().get(`${basename(m[1])}:${m[2]}:${m[3]}`) ?? []) {
        if (viaInterface(r.flow, depth + 1)) return true;
      }
    }
    return false;
  };
  // Or stored into another object that escapes through one: a flow into `{storage for S}` (a
  // struct or slice literal element, a closure's capture) follows S's own record at the same
  // position (crypto/mlkem wraps fips140's &EncapsulationKey768{…} in its own).
  const viaEnclosing = (flow: string[] | undefined, at: HPos, depth = 0): boolean => {
    if (!flow || depth > 4) return false;
    const recs = cidx.byPos.get(posKey(at)) ?? [];
    for (const l of flow) {
      const m = /^flow: \{storage for (.+)\} ← /.exec(l);
      if (!m) continue;
      for (const r of recs) {
        if (r.kind !== 'escape' || !r.escapes || r.subject !== m[1] || r.flow === flow) continue;
        if (viaInterface(r.flow) || viaEnclosing(r.flow, at, depth + 1)) return true;
      }
    }
    return false;
  };
  const dynAt = new Map((store.dyncalls ?? []).map((d) => [`${d.pos.line}:${d.pos.col}:${basename(d.pos.file)}`, d]));
  const viaDynamicCall = (flow: string[] | undefined) => {
    for (const l of flow ?? []) {
      const m = /\(call parameter\) at (.+):(\d+):(\d+)$/.exec(l);
      const d = m && dynAt.get(`${m[2]}:${m[3]}:${basename(m[1])}`);
      if (d) return d;
    }
    return undefined;
  };
  for (let k = instances.length - 1; k >= 0; k--) {
    const i = instances[k];
    if (i.site.siteKind !== 'heap-move' || !i.site.context.startsWith('indirect-')) continue;
    const rec = i.site.varName ? i.moved : i.escape?.escapes ? i.escape : undefined;
    if (viaInterface(rec?.flow) || viaEnclosing(rec?.flow, i.outer)) continue;
    const d = viaDynamicCall(rec?.flow);
    if (d) i.viaDynamicCall = d;
    else instances.splice(k, 1);
  }
  for (const i of instances) {
    const via = i.site.siteKind === 'dynamic-arg' ? i.site.via : undefined;
    if (!via) continue;
    const at = posKey(i.inlinedAt ? i.outer : via);
    // the machine code's own compile; without machine code, whichever compile said so
    i.devirtualized = i.asm ? cidx.devirtualized.get(`${i.asm.pkg}\u0000${at}`) : cidx.devirtualized.get(at);
  }
  assignEmittedCalls(store, instances);
  return instances;
}

/** The helper function record of a package's initialiser, for positions outside every function. */
function initOf(store: FactStore, p: HPos): HFunction | undefined {
  const pkg = store.packages.find((k) => k.files.includes(p.file));
  if (!pkg) return undefined;
  return { kind: 'function', package: pkg.path, name: `${pkg.path}.init`, file: p.file, start: { line: 0, col: 0 }, end: { line: 0, col: 0 } };
}

/** Machine functions that are copies of a helper function (closures re-emitted by inlining), by the original's name. */
function closureCopies(store: FactStore, fidx: FunctionIndex, bodies: Iterable<AsmFunction>): Map<string, AsmFunction[]> {
  const known = new Set(store.functions.map((f) => genericShape(f.name)));
  for (const s of store.sites) known.add(genericShape(s.function));
  const out = new Map<string, AsmFunction[]>();
  for (const a of bodies) {
    if (!a.textPos || known.has(genericShape(a.name))) continue;
    const m = /\.func(\d+)$/.exec(a.name);
    if (!m) continue;
    // the func literals declared on the TEXT line; the one with the same number if several
    const onLine = fidx.startingOn(a.textPos.file, a.textPos.line).filter((f) => /\.func\d+$/.test(f.name));
    const orig = onLine.length === 1 ? onLine[0] : onLine.find((f) => f.name.endsWith(`.func${m[1]}`));
    if (!orig) continue;
    let l = out.get(orig.name);
    if (!l) out.set(orig.name, (l = []));
    l.push(a);
  }
  return out;
}

/**
 * The -m text of an operand compiled in another package: code inlined across packages prints the
 * callee package's identifiers qualified (&lib.core{...}, moved to heap: lib.b). Strip them.
 */
function unqualify(text: string, pkgName: string | undefined): string {
  if (!pkgName) return text;
  return text.replace(new RegExp(`(^|[^\\w.])${pkgName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?=[\\p{L}_])`, 'gu'), '$1');
}

/** Pairs -m records with instances that share an outer position: by subject, then in order. */
function pairCompilerRecords(instances: Instance[], cidx: CompilerIndex, store: FactStore): void {
  const pkgName = new Map(store.packages.map((p) => [p.path, p.name]));
  const groups = new Map<string, Instance[]>();
  for (const i of instances) {
    const k = `${i.machine}\u0000${posKey(i.outer)}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  for (const [k, group] of groups) {
    let recs = cidx.byPos.get(k.slice(k.indexOf('\u0000') + 1)) ?? [];
    if (recs.length === 0) continue;
    const asm = group[0].asm;
    // Only the records of the compile that produced this machine code: a position can be reported
    // by several packages (a closure copied into another package) and functions (a copy in the same one).
    if (asm) {
      recs = recs.filter((r) => r.pkg === asm.pkg);
      const short = shortName(asm.name);
      const own = recs.filter((r) => 'func' in r && r.func === short);
      if (own.length) recs = recs.filter((r) => !('func' in r) || !r.func || r.func === short);
    }
    // Code compiled in another package prints its operands qualified (&lib.core{...}): each
    // instance compares them without its own package's qualifier.
    const machinePkg = asm?.pkg;
    const ownText = (i: Instance, t: string) => (machinePkg && i.site.package !== machinePkg ? unqualify(t, pkgName.get(i.site.package)) : t);
    if (recs.length === 0) continue;
    const escapes = recs.filter((r): r is Extract<MRecord, { kind: 'escape' }> => r.kind === 'escape');
    const moved = recs.filter((r): r is Extract<MRecord, { kind: 'moved' }> => r.kind === 'moved');
    const decisions = recs.filter((r): r is Extract<MRecord, { kind: 'convert' }> => r.kind === 'convert');
    // own sites first, in source order
    group.sort((a, b) => Number(!!a.inlinedAt) - Number(!!b.inlinedAt) || a.site.pos.line - b.site.pos.line || a.site.pos.col - b.site.pos.col);

    const wantsEscape = (i: Instance) =>
      i.site.siteKind === 'variadic-slice' ||
      (i.site.siteKind === 'dynamic-arg' && i.site.context !== 'address-of') ||
      (i.site.siteKind === 'heap-move' && !i.site.varName) ||
      (i.site.siteKind === 'convert' && !!i.site.source && !i.site.source.directIface);
    const takeBy = <T>(pool: T[], pred: (r: T) => boolean): T | undefined => {
      const idx = pool.findIndex(pred);
      return idx >= 0 ? pool.splice(idx, 1)[0] : undefined;
    };
    // Escape verdicts: by the operand as the compiler prints it. The one record at an own site's
    // exact position is unambiguous; inlined copies share the call's position with everything
    // else inlined there, so they take only exact subject matches.
    const escPool = [...escapes];
    // The compiler prints expressions with its own spacing (6 + len(host)): compare without it.
    const bare = (t: string) => t.replace(/\s+/g, '');
    for (const i of group.filter(wantsEscape)) {
      const subj =
        i.site.siteKind === 'variadic-slice'
          ? '... argument'
          : i.site.context === 'indirect-closure'
            ? 'func literal'
            : i.site.context === 'string-to-slice'
              ? conversionText(i.site.operand ?? '')
              : compilerText(i.site.operand ?? '');
      i.escape = takeBy(escPool, (r) => ownText(i, r.subject) === subj) ?? takeBy(escPool, (r) => bare(ownText(i, r.subject)) === bare(subj));
    }
    const own = group.filter((i) => !i.inlinedAt && wantsEscape(i) && !i.escape);
    if (own.length === 1 && escPool.filter((r) => r.subject !== '... argument' || own[0].site.siteKind === 'variadic-slice').length === 1) {
      own[0].escape = escPool.find((r) => r.subject !== '... argument' || own[0].site.siteKind === 'variadic-slice');
    }
    for (const i of group.filter(
      (i) => (i.site.siteKind === 'heap-move' || (i.site.siteKind === 'dynamic-arg' && i.site.context === 'address-of')) && i.site.varName,
    )) {
      i.moved = takeBy(moved, (r) => ownText(i, r.name) === i.site.varName);
    }
    // walk's decisions at this position (stmp, zeroVal, autotmp stack temporaries; decisions on
    // named operands are printed at the name's declaration and are not needed: see judge).
    const decPool = [...decisions];
    const conv = group.filter((i) => i.site.siteKind === 'convert' && i.site.source && !i.site.source.directIface && !i.site.typeParam);
    for (const i of conv.filter((i) => i.site.constant)) {
      i.decision = takeBy(decPool, (r) => ['global', 'small-int', 'zero-value', 'single-byte', 'zero-sized'].includes(r.decision));
    }
    const ownConv = conv.filter((i) => !i.inlinedAt && !i.decision);
    if (ownConv.length === 1 && decPool.length === 1) ownConv[0].decision = decPool[0];
  }
}

/** A conversion as -m prints it: []byte(s) → ([]byte)(s). */
function conversionText(src: string): string {
  const m = /^(\[\][\w.]+)\(([\s\S]*)\)$/.exec(stripComments(src).trim());
  return m ? `(${m[1]})(${m[2].replace(/\s+/g, ' ')})` : compilerText(src);
}

/** The operand as the compiler's -m prints it: composite literal bodies collapse to {...}. */
function compilerText(src: string): string {
  // non-empty composite literal bodies print as {...}; empty ones as {}
  return collapseGroups(stripComments(src).replace(/\{\s*\}/g, '\u0001'), '{', '}', '{...}')
    .replace(/\u0001/g, '{}')
    .replace(/\s+/g, ' ');
}

/**
 * Decides, from the emitted code, which conversion instances call their runtime helper: per
 * function, source line and helper, the number of CALLs the compiler emitted is shared out
 * among the instances that need one, in column order.
 */
export function assignEmittedCalls(store: FactStore, instances: Instance[]): void {
  const groups = new Map<string, Instance[]>();
  for (const i of instances) {
    const s = i.site;
    if (s.siteKind !== 'convert' || !s.source || s.typeParam || s.source.size < 0 || !i.asm || s.context === 'compare') continue;
    const dw = typeDataWord(s.source, store.ptrSize);
    if (dw.kind !== 'helper' || i.decision) continue;
    if (i.escape && !i.escape.escapes && s.source.size <= 1024) continue;
    const k = `${i.machine}\u0000${s.pos.file}:${s.pos.line}\u0000${dw.helper}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  for (const [k, g] of groups) {
    const helper = `runtime.${k.slice(k.lastIndexOf('\u0000') + 1)}`;
    const i0 = g[0];
    const calls = i0.asm!.refs.filter((r) => r.sym === helper && r.line === i0.site.pos.line && r.file === i0.site.pos.file).length;
    g.sort((a, b) => a.site.pos.col - b.site.pos.col || Number(!!a.inlinedAt) - Number(!!b.inlinedAt));
    g.forEach((i, idx) => {
      i.emittedCall = idx < calls;
    });
  }
}

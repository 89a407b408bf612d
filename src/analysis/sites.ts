// The join: each conversion site the helper found in the syntax, placed in every function whose
// machine code runs it (its own, and each caller it was inlined into), with the compiler's escape
// verdict, walk's data-word decision and the runtime call in the emitted code.
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FactStore } from '../facts/store.js';
import type { HCall, HFunction, HPos, HSite, HTypeArg, LoopFacts, TypeFacts } from '../parse/helper-protocol.js';
import type { ConvertDecision, MRecord } from '../parse/gcflags-m.js';
import { splitTopLevel, type AsmFunction, type AsmRef } from '../parse/gcflags-asm.js';
import type { InlineFrame, Position, SiteCache, SiteReport, SourceTypeReport, TargetTypeReport } from '../facts/report.js';
import { cacheLifetimeBytes, usesSwitchCache } from './switch-cache.js';
import { collapseGroups, genericShape, oneLine, shortName, stripComments } from './names.js';
import { roundupsizeNoscan } from './malloc-model.js';
import { helperFor, helperFreeWhen, helperMalloc, objectCost, typeDataWord, type ConvHelper } from './conversion-cost.js';

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
  /** `devirtualizing w.Write to *bytes.Buffer` by the call's position */
  readonly devirtualized = new Map<string, string>();
  /** the compiler's closure capture decisions */
  readonly captures = new Map<string, Extract<MRecord, { kind: 'capture' }>>();

  constructor(store: FactStore) {
    const filesByPkg = new Map<string, string[]>();
    for (const p of store.packages) filesByPkg.set(p.path, p.files);
    const resolveFile = (pkg: string, f: string): string => {
      if (isAbsolute(f)) return f;
      const stripped = f.replace(/^\.\//, '');
      const files = filesByPkg.get(pkg) ?? [];
      const hit = files.find((abs) => abs.endsWith(sep + stripped) || abs === stripped);
      return hit ?? resolve(store.dir, f);
    };
    for (const r of store.m.records) {
      const abs: HPos = { file: resolveFile(r.pkg, r.pos.file), line: r.pos.line, col: r.pos.col };
      if (r.kind === 'inline-call') {
        this.inlineCalls.push({ ...r, abs });
        continue;
      }
      if (r.kind === 'devirtualize') {
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
  // A symbol can be listed twice: the function and its ABI wrapper (dupok, a few bytes that
  // only forward). Keep the real body: the larger one.
  const bodies = new Map<string, AsmFunction>();
  for (const a of store.asm) {
    const prev = bodies.get(a.name);
    if (!prev || a.size > prev.size) bodies.set(a.name, a);
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
  const byOuter = new Map<string, { ic: (typeof cidx.inlineCalls)[number]; callee: HFunction }[]>();
  for (const ic of cidx.inlineCalls) {
    const callee0 = genericShape(ic.callee);
    const callees = fidx.byShort.get(`${ic.pkg}\u0000${callee0}`) ?? fidx.byShort.get(callee0) ?? [];
    const k = posKey(ic.abs);
    let l = byOuter.get(k);
    if (!l) byOuter.set(k, (l = []));
    for (const callee of callees) if (!l.some((x) => x.callee === callee)) l.push({ ic, callee });
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
    for (const { callee } of group) {
      // G[int] wrappers inline their shaped body G[go.shape.int] at the declaration: not a call.
      if (callee.name === host.name) continue;
      const chain = chainOf(genericShape(callee.name), new Set());
      const frames = chain
        ? chain.map((f, k) => ({ callee: f.callee === genericShape(callee.name) ? callee.name : f.callee, pos: k === 0 ? outer : f.pos }))
        : [{ callee: callee.name, pos: outer }];
      // loop facts along the chain: trip counts multiply, any conditional call makes it conditional
      let callLoop: LoopFacts | null = null;
      if (chain && chain.every((f) => f.loop)) {
        callLoop = { depth: 0, tripCounts: chain.flatMap((f) => f.loop!.tripCounts), conditional: chain.some((f) => f.loop!.conditional) };
        callLoop.depth = callLoop.tripCounts.length;
      } else if (!chain && direct && group.length === 1) {
        callLoop = direct.loop;
      }
      for (const s of sitesByFunc.get(callee.name) ?? []) {
        if (hostAsms.length === 0) instances.push({ site: s, machine: host.name, hostPackage: host.package, outer, inlinedAt: frames, callLoop });
        for (const a of hostAsms) instances.push({ site: s, machine: a.name, asm: a, outer, inlinedAt: frames, callLoop });
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
    if (via) i.devirtualized = cidx.devirtualized.get(posKey(i.inlinedAt ? i.outer : via));
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
      const subj = i.site.siteKind === 'variadic-slice' ? '... argument' : i.site.context === 'indirect-closure' ? 'func literal' : i.site.context === 'string-to-slice' ? conversionText(i.site.operand ?? '') : compilerText(i.site.operand ?? '');
      i.escape = takeBy(escPool, (r) => ownText(i, r.subject) === subj) ?? takeBy(escPool, (r) => bare(ownText(i, r.subject)) === bare(subj));
    }
    const own = group.filter((i) => !i.inlinedAt && wantsEscape(i) && !i.escape);
    if (own.length === 1 && escPool.filter((r) => r.subject !== '... argument' || own[0].site.siteKind === 'variadic-slice').length === 1) {
      own[0].escape = escPool.find((r) => r.subject !== '... argument' || own[0].site.siteKind === 'variadic-slice');
    }
    for (const i of group.filter((i) => (i.site.siteKind === 'heap-move' || (i.site.siteKind === 'dynamic-arg' && i.site.context === 'address-of')) && i.site.varName)) {
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
  return collapseGroups(stripComments(src).replace(/\{\s*\}/g, '\u0001'), '{', '}', '{...}').replace(/\u0001/g, '{}').replace(/\s+/g, ' ');
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
    g.forEach((i, idx) => { i.emittedCall = idx < calls; });
  }
}

/** Reports whether `f` is under `dir`. */
function relPath(dir: string, f: string): string {
  const r = relative(dir, f);
  return r.startsWith('..') || isAbsolute(r) ? f : r.split(sep).join('/');
}

export function toPosition(dir: string, p: HPos): Position {
  return { file: relPath(dir, p.file), line: p.line, column: p.col };
}

function sourceType(t: TypeFacts | undefined): SourceTypeReport | undefined {
  if (!t) return undefined;
  return {
    type: t.type,
    size: t.size >= 0 ? t.size : null,
    align: t.size >= 0 ? t.align : null,
    pointerShaped: !!t.directIface,
    containsPointers: t.ptrBytes > 0,
    ptrBytes: t.ptrBytes,
  };
}

function targetType(t: TypeFacts | undefined, itab: TargetTypeReport['itab'], itabSymbol?: string): TargetTypeReport | undefined {
  if (!t) return undefined;
  const r: TargetTypeReport = { type: t.type, empty: !!t.empty, methods: t.methods ?? 0, itab };
  if (itabSymbol) r.itabSymbol = itabSymbol;
  return r;
}

/** Calls and symbol references in the instance's function on the site's (innermost) line. */
function refsOnLine(i: Instance) {
  if (!i.asm) return [];
  return i.asm.refs.filter((r) => r.line === i.site.pos.line && r.file === i.site.pos.file);
}

/** The -m=2 explanation in words: the "from" steps, outermost last. */
export function flowText(flow: string[]): string {
  const steps = flow.filter((l) => l.startsWith('from ')).map((l) => l.replace(/^from /, '').replace(/ at \S+$/, ''));
  return steps.join(' → ');
}

/** Judges one instance: allocation, bytes, runtime call, reason, and what the data word holds. */
export function judge(store: FactStore, i: Instance): SiteReport {
  const r = judgeCost(store, i);
  if (r.kind === 'convert') r.dataWord = dataWordOf(r);
  return r;
}

/** What the data word of a convert site points to, from the verdict. */
function dataWordOf(r: SiteReport): SiteReport['dataWord'] {
  if (r.allocates) return 'heap';
  if (r.allocates === null) return undefined;
  if (r.source?.pointerShaped) return 'direct';
  const why = r.reason;
  if (/zero-size|zerobase/.test(why)) return 'zerobase';
  if (/staticuint64s/.test(why)) return 'staticuint64s';
  if (/zeroVal/.test(why)) return 'zeroVal';
  if (/stack temporary/.test(why)) return 'stack';
  if (/static data|read-only|statically/.test(why)) return 'static';
  return 'none';
}

function judgeCost(store: FactStore, i: Instance): SiteReport {
  const s = i.site;
  const ptr = store.ptrSize;
  const sc = store.sizeClasses;
  const refs = refsOnLine(i);
  const calls = refs.filter((r) => r.call);
  const base: SiteReport = {
    kind: s.siteKind,
    position: toPosition(store.dir, s.pos),
    package: s.package,
    function: i.machine,
    functionPackage: i.asm?.pkg ?? i.hostPackage ?? s.package,
    context: s.context,
    allocates: false,
    allocsPerOp: 0,
    bytesPerOp: 0,
    objectSize: null,
    runtimeCall: null,
    escapes: null,
    verified: true,
    reason: '',
    executionsPerCall: executions(s.loop, i.inlinedAt ? i.callLoop : undefined),
    conditional: !!s.loop?.conditional || !!(i.inlinedAt && i.callLoop?.conditional),
  };
  if (genericShape(i.machine) !== genericShape(s.function)) base.sourceFunction = s.function;
  if (i.inlinedAt) {
    base.inlinedAt = i.inlinedAt.map((f): InlineFrame => ({ function: f.callee, callSite: toPosition(store.dir, f.pos) }));
  }
  if (s.operand !== undefined) base.operand = oneLine(s.operand);
  if (i.escape) {
    base.escapes = i.escape.escapes;
    if (i.escape.flow.length) base.escapeFlow = i.escape.flow;
  }

  const free = (reason: string): SiteReport => ({ ...base, reason });
  // Absence of a call proves nothing when no call at all was recognised in the function's code.
  const unreadable = (fn: string): SiteReport => ({
    ...base, allocates: null, allocsPerOp: null, bytesPerOp: null, verified: false,
    reason: `the emitted code of ${fn} could not be read (no call instruction recognised): cost unknown`,
  });
  const allocating = (helper: string | null, size: number, hasPointers: boolean, reason: string, freeWhen?: string, flow?: string): SiteReport => {
    const c = objectCost(sc, ptr, size, hasPointers);
    if (!c) return free(`${reason}: zero-size object, runtime.zerobase`);
    const call = helper && calls.some((r) => r.sym === helper);
    const r: SiteReport = {
      ...base,
      allocates: true,
      allocsPerOp: 1,
      bytesPerOp: round3(c.bytesPerOp),
      objectSize: size,
      allocPath: c.malloc.path,
      sizeClass: c.malloc.sizeClass,
      runtimeCall: helper,
      verified: !!call,
      reason: `${reason}${describeMalloc(c.malloc, c.bytesPerOp)}${flow ? `; escapes via ${flow}` : ''}`,
    };
    if (freeWhen) r.freeWhen = freeWhen;
    return r;
  };

  if (i.asm && i.asm.size === 0) {
    // STEXT size=0: a closure inlined into every caller keeps an empty symbol; its sites run in the copies
    return { ...free(`${shortName(i.machine)} has no code of its own (size 0): the compiler inlined it into every caller, where its sites are reported`), source: sourceType(s.source), object: sourceType(s.object), target: targetType(s.target, null) };
  }
  if (!i.asm && s.function.includes('[...]') && s.siteKind !== 'assert' && s.siteKind !== 'type-switch' && s.siteKind !== 'iface-to-iface') {
    // Generic code exists only as instantiations; none was compiled in these packages.
    const src = s.source ?? s.object;
    const r = free(`generic ${s.function} is not instantiated in the analysed packages: no code was compiled for it`);
    return { ...r, source: sourceType(s.source), object: sourceType(s.object), target: targetType(s.target, null), allocates: src?.directIface ? false : null, allocsPerOp: src?.directIface ? 0 : null, bytesPerOp: src?.directIface ? 0 : null };
  }
  switch (s.siteKind) {
    case 'convert': {
      const src = s.source!;
      const itabSym = refs.find((r) => r.sym.startsWith('go:itab.'))?.sym;
      const tgtEmpty = !!s.target?.empty;
      base.source = sourceType(src);
      base.target = targetType(s.target, tgtEmpty ? null : 'static', itabSym);
      if (s.context === 'compare') {
        return free('comparison with an interface: compares type word and value, no conversion is built');
      }
      if (src.directIface) return free('pointer-shaped: the pointer is the data word');
      if (s.typeParam || src.size < 0) {
        // An inlined copy knows its type argument; a shaped body G[go.shape.X] has the size of X.
        const arg = typeArgOf(store, i);
        if (arg && !arg.facts.typeParam) {
          const t = arg.facts;
          base.source = { ...sourceType(t)!, type: `${src.type} = ${t.type}` };
          const tdw = typeDataWord(t, ptr);
          if (tdw.kind === 'direct') return free(`type parameter ${src.type} = ${t.type}: pointer-shaped, the pointer is the data word`);
          if (tdw.kind === 'zero-size') return free(`type parameter ${src.type} = ${t.type}: zero-size value, data word points to runtime.zerobase`);
          const h = calls.find((r) => /^runtime\.convT/.test(r.sym));
          if (!h) {
            if (!i.listingRead) return unreadable(i.machine);
            return free(`type parameter ${src.type} = ${t.type} in ${i.machine}: no runtime helper emitted (static, small or stack data word)`);
          }
          const helper = h.sym.replace(/^runtime\./, '') as ConvHelper;
          const m = helperMalloc(helper, t, ptr);
          const flow = i.escape?.escapes ? flowText(i.escape.flow) : '';
          return allocating(h.sym, m.size, m.hasPointers, `type parameter ${src.type} = ${describeType(t)}: ${h.sym}`, helperFreeWhen(helper, t), flow);
        }
        // The shape of the instantiation decides; read the helper from the emitted code.
        const h = calls.find((r) => /^runtime\.convT/.test(r.sym));
        if (!h) {
          if (!i.asm) return { ...free('generic code with no instantiation in the analysed packages'), allocates: null, allocsPerOp: null, bytesPerOp: null };
          return free(`type parameter in ${i.machine}: no runtime helper emitted (pointer-shaped, static or stack data word)`);
        }
        const helper = h.sym.replace(/^runtime\./, '') as ConvHelper;
        const fixed: Partial<Record<ConvHelper, number>> = { convT16: 2, convT32: 4, convT64: 8, convTstring: 2 * ptr, convTslice: 3 * ptr };
        const size = fixed[helper];
        if (size === undefined) {
          return { ...base, allocates: true, allocsPerOp: 1, bytesPerOp: null, objectSize: null, runtimeCall: h.sym, reason: `type parameter in ${i.machine}: ${h.sym}, size depends on the instantiation` };
        }
        const m = helperMalloc(helper, { ...src, size }, ptr);
        return allocating(h.sym, m.size, m.hasPointers, `type parameter in ${i.machine}: ${h.sym}`, helperFreeWhen(helper));
      }
      const dw = typeDataWord(src, ptr);
      if (dw.kind === 'direct') return free('pointer-shaped: the pointer is the data word');
      if (dw.kind === 'zero-size') return free('zero-size value: data word points to runtime.zerobase');
      if (dw.kind === 'single-byte') return free('single-byte value: data word points into runtime.staticuint64s');
      if (i.decision) {
        switch (i.decision.decision) {
          case 'zero-sized': return free('zero-size value: data word points to runtime.zerobase');
          case 'single-byte':
          case 'small-int': return free('small value: data word points into runtime.staticuint64s');
          case 'zero-value': return free('zero value: data word points to runtime.zeroVal');
          case 'global': return free(s.constant ? 'constant: read-only static data' : 'value known at compile time: read-only static data');
          case 'stack': return free('does not escape: stack temporary');
        }
      }
      // walk.dataWord: a conversion that does not escape and is at most 1024 bytes uses a stack
      // temporary. (Its escapedebug line is printed at the operand's declaration, not here.)
      if (i.escape && !i.escape.escapes && src.size <= 1024) return free('does not escape: stack temporary');
      const helper = helperFor(src, ptr);
      const m = helperMalloc(helper, src, ptr);
      if (i.emittedCall === false) {
        if (/\.init$/.test(s.function)) return free('package-level initialiser: the compiler built the value statically, no code runs');
        if (!i.listingRead) return unreadable(i.machine);
        return free(`no runtime.${helper} call in the emitted code of ${i.machine}: the compiler built the data word without allocating (static data or a stack temporary)`);
      }
      let why: string;
      if (i.escape && !i.escape.escapes) {
        why = src.size > 1024 ? `does not escape but ${src.size} B > 1024 B: heap anyway` : 'does not escape, yet the compiler emitted a runtime call';
      } else {
        why = `${describeType(src)}: runtime.${helper}`;
      }
      const flow = i.escape?.escapes ? flowText(i.escape.flow) : '';
      return allocating(`runtime.${helper}`, m.size, m.hasPointers, why, helperFreeWhen(helper, src), flow);
    }
    case 'iface-to-iface': {
      base.source = sourceType(s.source);
      const call = calls.find((r) => /^runtime\.(typeAssert|assertE2I2?|getitab)$/.test(r.sym));
      base.target = targetType(s.target, s.target?.empty ? null : 'runtime');
      base.runtimeCall = call?.sym ?? null;
      return free(s.target?.empty
        ? 'interface to any: the type word is loaded from the itab, no allocation'
        : `interface to interface: itab looked up at run time${call ? ` (${call.sym} on a cache miss)` : ''}, no allocation`);
    }
    case 'assert': {
      base.source = sourceType(s.source);
      const concrete = !s.target?.interface;
      const call = calls.find((r) => /^runtime\.(typeAssert|assertE2I2?|getitab)$/.test(r.sym));
      base.runtimeCall = call?.sym ?? null;
      base.target = targetType(s.target, concrete ? (s.source?.empty ? null : 'static') : 'runtime');
      if (concrete) return free('assertion to a concrete type: one compare of the type word, no allocation');
      const cache = siteCache(store, call?.sym);
      return { ...free(`assertion to an interface: itab looked up at run time${call ? ` (${call.sym} on a cache miss)` : ''}, no allocation per execution${cache ? cacheText(cache) : ''}`), ...(cache ? { cache } : {}) };
    }
    case 'type-switch': {
      base.source = sourceType(s.source);
      const call = calls.find((r) => /^runtime\.(interfaceSwitch|typeAssert|assertE2I2?)$/.test(r.sym));
      base.runtimeCall = call?.sym ?? null;
      if (!call) return free('type switch on concrete types: compares type hashes, no allocation');
      const cache = siteCache(store, call.sym);
      return { ...free(`type switch with interface cases: ${call.sym} on a cache miss, no allocation per execution${cache ? cacheText(cache) : ''}`), ...(cache ? { cache } : {}) };
    }
    case 'heap-move': {
      let obj = s.object!;
      if (s.context === 'indirect-closure') {
        const layout = closureLayout(store, i);
        if (layout === null) return { ...free('a func literal that captures nothing is static data: no closure object is allocated'), operand: 'func literal' };
        obj = layout;
      }
      base.object = sourceType(obj);
      if (i.viaDynamicCall) {
        const d = i.viaDynamicCall;
        base.kind = 'dynamic-arg';
        base.dynamicCall = { callee: d.callee, interface: d.interface, argument: -1, position: toPosition(store.dir, d.pos) };
      }
      const movedOrEscaped = s.varName ? !!i.moved : !!i.escape?.escapes;
      if (s.varName && i.moved) {
        base.escapes = true;
        if (i.moved.flow.length) base.escapeFlow = i.moved.flow;
      }
      if (!movedOrEscaped) {
        if (/\.init$/.test(i.machine) && !i.escape && !i.moved && !calls.some((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym))) {
          return free('package-level initialiser: the compiler built the value statically, no code runs');
        }
        return free(s.varName ? `${s.varName} stays on the stack: the interface holding &${s.varName} does not escape` : 'stays on the stack: the interface does not escape');
      }
      const flow = base.escapeFlow ? flowText(base.escapeFlow) : '';
      const what = (s.varName ? `moved to heap: ${s.varName}` : s.context === 'indirect-slice-lit' ? `the ${obj.type} backing array of ${oneLine(s.operand ?? 'a slice literal')} escapes to heap` : s.context === 'indirect-closure' ? `the closure of a func literal escapes to heap (${obj.type})` : `${s.operand !== undefined ? oneLine(s.operand) : 'literal'} escapes to heap`) +
        (i.viaDynamicCall ? ` (passed to ${dynamicCallText(i.viaDynamicCall)}: the callee is unknown)`
          : s.context === 'indirect-closure' || s.context === 'indirect-slice-lit' ? ' (the slice or closure reaches an interface conversion)'
          : s.context.startsWith('indirect-') ? ' (its pointer reaches an interface conversion through variables)' : '');
      const call = calls.find((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym));
      if (i.asm && !call && !i.listingRead) return unreadable(i.machine);
      if (i.asm && !call) return free(`${what}, but ${i.machine} has no allocation on this line: the compiler removed the code`);
      if (!(obj.size >= 0)) {
        // a closure whose capture decisions the compiler did not print: it allocates, size unknown
        return { ...base, allocates: true, allocsPerOp: 1, bytesPerOp: null, objectSize: null, runtimeCall: call?.sym ?? 'runtime.newobject', verified: !!call, reason: `${what}: runtime.newobject, size unknown (the compiler's capture decisions were not found)${flow ? `; escapes via ${flow}` : ''}` };
      }
      return allocating(call?.sym ?? 'runtime.newobject', obj.size, obj.ptrBytes > 0, `${what}: runtime.newobject`, undefined, flow);
    }
    case 'dynamic-arg':
      return judgeDynamicArg(store, i, base, calls, free, allocating, unreadable);
    case 'reflect-interface': {
      // reflect.packEface: an addressable Value of a type that is not pointer-shaped is copied
      // into a new object (unsafe_New); any other Value hands over its pointer.
      // Interface is inlined: the call to reflect.valueInterface carries reflect's own line
      const call = calls.find((r) => /^reflect\.(Value\.Interface|valueInterface|packEface)$/.test(r.sym)) ??
        i.asm?.refs.find((r) => r.call && /^reflect\.(valueInterface|packEface)$/.test(r.sym) && /reflect[\\/]value\.go$/.test(r.file));
      base.runtimeCall = call?.sym ?? null;
      const obj = s.object;
      if (obj) base.object = sourceType(obj);
      if (!obj || s.context === 'unknown') {
        return { ...base, allocates: null, allocsPerOp: null, bytesPerOp: null, verified: !!call, reason: 'v.Interface() copies the value into a new object (its type\'s size, size-class rounded) when v is addressable (Elem of a pointer, Index of a slice, Field of an addressable struct) and its type is not pointer-shaped; otherwise it reuses v\'s pointer — which of these is not known here' };
      }
      if (s.context !== 'addressable') return free(`v.Interface() of a Value that is not addressable: the interface takes the Value's pointer, no copy`);
      if (obj.directIface) return free('v.Interface() of a pointer-shaped value: the pointer is the data word, no copy');
      if (obj.size === 0) return free('v.Interface() of a zero-size value: runtime.zerobase, no copy');
      const r = allocating(call?.sym ?? 'reflect.valueInterface', obj.size, obj.ptrBytes > 0, `v.Interface() of an addressable ${describeType(obj)}: reflect.packEface copies it (unsafe_New)`);
      return { ...r, verified: !!call };
    }
    case 'variadic-slice': {
      const obj = s.object!;
      base.object = sourceType(obj);
      if (!i.escape || !i.escape.escapes) {
        return free(`... argument does not escape: the [${s.count}] backing array is on the stack`);
      }
      const flow = flowText(i.escape.flow);
      const call = calls.find((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym));
      if (i.asm && !call && !i.listingRead) return unreadable(i.machine);
      if (i.asm && !call) return free(`... argument escapes, but ${i.machine} has no allocation on this line: the compiler removed the code`);
      return allocating(call?.sym ?? 'runtime.newobject', obj.size, obj.ptrBytes > 0, `... argument escapes: ${obj.type} backing array, runtime.newobject`, undefined, flow);
    }
  }
}

/**
 * The type argument behind a type-parameter site's operand type: for an inlined copy, from the
 * call of the generic function on its inlining chain; for a shaped body G[go.shape.X] (or a method
 * of T[go.shape.X]), from an instantiation of G (or T) whose type arguments have those shapes.
 */
function typeArgOf(store: FactStore, i: Instance): import('../parse/helper-protocol.js').HTypeArg | undefined {
  const param = i.site.source?.type;
  if (!param) return undefined;
  const gen = genericShape(i.site.function);
  const idx = i.site.typeParamIndex;
  const pickArg = (args: HTypeArg[] | undefined) => (idx !== undefined ? args?.find((a) => a.index === idx) : undefined) ?? args?.find((a) => a.param === param);
  const pick = (c: HCall | undefined) => pickArg(c?.typeArgs);
  if (i.inlinedAt) {
    // the frame that entered the generic function
    const k = i.inlinedAt.findIndex((f) => genericShape(f.callee) === gen);
    if (k < 0) return undefined;
    const pos = i.inlinedAt[k].pos;
    return pick(store.calls.find((c) => c.pos.file === pos.file && c.pos.line === pos.line && c.pos.col === pos.col));
  }
  const open = i.machine.indexOf('[');
  if (open < 0 || genericShape(i.machine) !== gen) return undefined;
  const close = matchingBracket(i.machine, open);
  const shapes = splitTopLevel(i.machine.slice(open + 1, close), ',');
  if (!shapes.every((x) => x.startsWith('go.shape.'))) return undefined;
  const norm = (t: string) => t.replace(/\s+/g, '');
  const want = shapes.map((x) => norm(x.slice('go.shape.'.length)));
  const same = (args: HTypeArg[]) => args.length === want.length && args.every((a, k) => norm(a.shape) === want[k]);
  // the generic whose type list the machine name carries: a function G[...] or a type T[...] (methods)
  const owner = i.machine.slice(0, open);
  for (const inst of store.instances ?? []) {
    const g = inst.generic.replace(/\[\.\.\.\]$/, '');
    const short = g.slice(g.lastIndexOf('.') + 1);
    if (!(owner.endsWith(`.${short}`) || owner.endsWith(`(*${short}`) || owner.endsWith(`(${short}`)) || !owner.includes(g.slice(0, g.lastIndexOf('.')))) continue;
    if (same(inst.typeArgs)) return pickArg(inst.typeArgs);
  }
  return undefined;
}

/** The index of the bracket closing the one at `open`. */
function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === '[') depth++;
    else if (s[k] === ']' && --depth === 0) return k;
  }
  return s.length;
}


/** "a call through io.Writer.Write", "a call of a function value f". */
function dynamicCallText(d: { callee: string; interface: boolean }): string {
  return d.interface ? `a call through ${d.callee}` : `a call of a ${d.callee.replace(/^func value /, 'function value ')}`;
}

/** Runtime calls that allocate what a dynamic call's argument needs on the heap. */
const dynamicArgCall: Record<string, RegExp> = {
  'string-to-slice': /^runtime\.(stringtoslice(byte|rune)|newobject)$/,
  make: /^runtime\.makeslice/,
  'address-of': /^runtime\.(newobject|mallocgc)$/,
  literal: /^runtime\.(newobject|mallocgc)$/,
  new: /^runtime\.(newobject|mallocgc)$/,
};

/**
 * An argument of a call through an interface or a function value: escape analysis cannot see the
 * callee and assumes it keeps the argument, so the argument's storage moves to the heap. The
 * compiler's -m=2 flow names the call (`w.Write(…) (call parameter) at a.go:12:9`) when that call
 * is why it escapes.
 */
function judgeDynamicArg(
  store: FactStore,
  i: Instance,
  base: SiteReport,
  calls: AsmRef[],
  free: (reason: string) => SiteReport,
  allocating: (helper: string | null, size: number, hasPointers: boolean, reason: string, freeWhen?: string, flow?: string) => SiteReport,
  unreadable: (fn: string) => SiteReport,
): SiteReport {
  const s = i.site;
  const d = s.dynamic!;
  const via = s.via!;
  const devirt = i.devirtualized ? /to (.+)$/.exec(i.devirtualized)?.[1] : undefined;
  // PGO devirtualisation is guarded: the call through the interface stays for other types.
  const pgo = !!devirt && i.devirtualized!.startsWith('PGO ');
  base.dynamicCall = { callee: d.callee, interface: d.interface, argument: d.arg, position: toPosition(store.dir, via), ...(devirt ? (pgo ? { pgoDevirtualizedTo: devirt } : { devirtualizedTo: devirt }) : {}) };
  const obj = s.object;
  if (obj) base.object = sourceType(obj);
  const what = s.varName && s.context === 'address-of' ? `${s.varName}` : oneLine(s.operand ?? 'the argument');
  const callText = `argument ${d.arg + 1} of ${dynamicCallText(d)}`;
  const rec = s.context === 'address-of' ? i.moved : i.escape;
  const escapes = s.context === 'address-of' ? !!i.moved : !!i.escape?.escapes;
  if (rec) {
    base.escapes = escapes;
    if (rec.flow.length) base.escapeFlow = rec.flow;
  }
  if (!escapes) {
    return free(devirt && !pgo
      ? `the compiler devirtualised the call to ${devirt}: ${what} stays on the stack`
      : `${what} stays on the stack: ${callText} does not keep it${i.escape ? '' : ' (no escape verdict)'}`);
  }
  // Is this call (or, inlined, the call it was inlined at) the step that makes it escape?
  const here = [via, i.outer];
  const throughCall = rec!.flow.some((l) => {
    const m = /\(call parameter\) at (.+):(\d+):(\d+)$/.exec(l);
    return !!m && here.some((p) => p.line === Number(m[2]) && p.col === Number(m[3]) && (p.file.endsWith(m[1].replace(/^\.\//, '')) || m[1].endsWith(p.file)));
  });
  const flow = flowText(rec!.flow);
  if (!throughCall) {
    return { ...free(`${what} escapes, but not through ${callText}${flow ? ` (escapes via ${flow})` : ''}: not an interface cost`), escapes: true };
  }
  const pattern = dynamicArgCall[s.context];
  const call = calls.find((r) => pattern?.test(r.sym));
  if (i.asm && !call && !i.listingRead) return unreadable(i.machine);
  const why = pgo
    ? `${callText} escapes: the profile (PGO) made the compiler call ${devirt} directly when the dynamic type matches, but the call through the interface it keeps for other types is unknown`
    : `${callText} escapes: the callee is unknown`;
  if (i.asm && !call) return free(`${what} escapes (${why}), but ${i.machine} has no allocation on this line: the compiler removed the code`);
  const sym = call?.sym ?? null;
  switch (s.context) {
    case 'string-to-slice': {
      const elem = obj?.size ?? 1;
      if (s.constant && s.count !== undefined) {
        // rawbyteslice/rawruneslice: mallocgc(roundupsize(n), nil, noscan)
        const size = s.count * elem;
        if (size === 0) return free(`${what}: an empty conversion allocates nothing`);
        if (elem === 1) {
          // walk.walkStringToBytes: a constant string becomes new([n]byte) and a copy
          return allocating(sym, size, false, `${why}: ${sym ?? 'runtime.newobject'} of a [${size}]byte copy of the constant`, undefined, flow);
        }
        // rawruneslice asks for roundupsize(n): the slice takes its whole size class
        const asked = roundupsizeNoscan(store.sizeClasses, size);
        return allocating(sym, asked, false, `${why}: ${sym ?? 'runtime.stringtoslicebyte'} copies ${size} B into a ${asked}-byte slice`, undefined, flow);
      }
      return {
        ...base, allocates: true, allocsPerOp: 1, bytesPerOp: null, objectSize: null, runtimeCall: sym, verified: !!call,
        reason: `${why}: ${sym ?? 'runtime.stringtoslicebyte'} copies the string, its size class depends on the length; escapes via ${flow}`,
        freeWhen: 'the string is empty',
      };
    }
    case 'make': {
      if (!obj || s.count === undefined || s.count < 0) {
        return { ...base, allocates: true, allocsPerOp: 1, bytesPerOp: null, objectSize: null, runtimeCall: sym, verified: !!call, reason: `${why}: ${sym ?? 'runtime.makeslice'}, size depends on the length; escapes via ${flow}` };
      }
      base.object = { ...sourceType(obj)!, type: `[${s.count}]${obj.type}`, size: obj.size * s.count };
      return allocating(sym, obj.size * s.count, obj.ptrBytes > 0, `${why}: ${sym ?? 'runtime.makeslice'}`, undefined, flow);
    }
    default:
      if (!obj || obj.size < 0) return { ...base, allocates: true, allocsPerOp: 1, bytesPerOp: null, objectSize: null, runtimeCall: sym, verified: !!call, reason: `${why}: size unknown` };
      return allocating(sym, obj.size, obj.ptrBytes > 0, `${s.context === 'address-of' ? `moved to heap: ${s.varName}` : `${what} escapes to heap`} (${why}): ${sym ?? 'runtime.newobject'}`, undefined, flow);
  }
}

/** The cache a typeAssert/interfaceSwitch site fills on this target, priced for 1–16 dynamic types. */
function siteCache(store: FactStore, sym: string | undefined): SiteCache | undefined {
  if (sym !== 'runtime.typeAssert' && sym !== 'runtime.interfaceSwitch') return undefined;
  if (!usesSwitchCache(store.go.goarch)) return undefined;
  return {
    runtimeCall: sym,
    lifetimeBytes: [1, 2, 3, 4, 8, 16].map((types) => ({ types, bytes: cacheLifetimeBytes(sym, types, store.sizeClasses, store.ptrSize) })),
    allocsPerNewType: 1,
  };
}

function cacheText(c: SiteCache): string {
  const at = (k: number) => c.lifetimeBytes.find((x) => x.types === k)!.bytes;
  return `; its cache of seen types is rebuilt on the heap as it fills, one table per new dynamic type, after about 1024 misses each: ${at(1)} B in all for 1 type, ${at(2)} B for 2, ${at(4)} B for 4, ${at(16)} B for 16`;
}

/**
 * The closure object of a func literal: struct { F uintptr; X0 …; X1 … } with each captured
 * variable by value or by reference as the compiler decided (`capturing by value|ref`), fields in
 * order of first use. null when it captures nothing (a static funcval); an unknown size when a
 * decision is missing.
 */
function closureLayout(store: FactStore, i: Instance): TypeFacts | null {
  const caps = i.site.captures ?? [];
  if (caps.length === 0) return null;
  const ptr = store.ptrSize;
  let off = ptr;
  let align = ptr;
  let ptrEnd = ptr;
  const fields: string[] = ['F uintptr'];
  for (const [k, c] of caps.entries()) {
    const byValue = i.captureByValue?.[k];
    if (byValue === undefined) return { type: 'closure', size: -1, align: -1, ptrBytes: -1 } as TypeFacts;
    const [sz, al, pb] = byValue ? [c.facts.size, c.facts.align, c.facts.ptrBytes] : [ptr, ptr, ptr];
    off = Math.ceil(off / al) * al;
    if (pb > 0) ptrEnd = off + pb;
    off += sz;
    align = Math.max(align, al);
    fields.push(`${c.name} ${byValue ? c.facts.type : `*${c.facts.type}`}`);
  }
  const size = Math.ceil(off / align) * align;
  return { type: `struct { ${fields.join('; ')} }`, size, align, ptrBytes: ptrEnd, directIface: false, interface: false, empty: false, methods: 0, sole: 'struct', basic: '', typeParam: false } as unknown as TypeFacts;
}

/** Executions per call: the site's constant loop trips times those of the call it was inlined at. */
function executions(site: LoopFacts | undefined, call: LoopFacts | null | undefined): number | null {
  if (call === null) return null; // inlined at a call the helper did not see: unknown
  let n = 1;
  for (const t of [...(site?.tripCounts ?? []), ...(call?.tripCounts ?? [])]) {
    if (t === null) return null;
    n *= t;
  }
  return n;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function describeType(t: TypeFacts): string {
  return `${t.type} (${t.size} B${t.ptrBytes > 0 ? ', pointers' : ''})`;
}

function describeMalloc(m: import('./malloc-model.js').MallocCost, bytesPerOp: number): string {
  if (m.path === 'tiny') {
    return `, ${m.size}-byte tiny allocation (${round3(bytesPerOp)} B/op: 16-byte blocks shared)`;
  }
  if (m.path === 'large') return `, large object: ${m.pages} × 8 KiB pages`;
  return `, ${m.size} B${m.header ? ' + 8 B malloc header' : ''} → ${m.allocatedBytes}-byte size class ${m.sizeClass}`;
}

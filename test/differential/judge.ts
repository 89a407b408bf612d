// The differential check: real benchmarks nobody on the team wrote, run with an exact memory
// profile, each allocation mapped through its return address to the CALL instruction that made it,
// classified without asking ifacelens, then compared with what ifacelens says about that place.
// The method and the classification rule are in docs/differential.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Report, SiteReport } from '../../src/contract/report.js';
import {
  callTarget,
  dataSymbol,
  disassemble,
  instructionAt,
  KIND_ARRAY,
  KIND_INTERFACE,
  symbolAt,
  textSymbols,
  typeArgument,
  TypeReader,
  type Disassembled,
  type TypeInfo,
} from './binary.js';
import { byLine, candidates, directlyConverted, directlyReaches, parseEscapes, throughInterface, type Escape } from './escape.js';
import { executed, parseCoverProfile } from './coverage.js';
import { readHeapProfile, type Frame } from './profile.js';

export interface Target {
  /** import path whose test binary is built and whose benchmarks run */
  pkg: string;
  /** -test.bench regexp */
  bench?: string;
  /** -test.benchtime, e.g. "20x" */
  benchtime?: string;
  /** seconds for one run of the benchmarks */
  timeout?: number;
}

export interface Options {
  /** where the go commands run (any directory for std; the module for third-party code) */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** a temp dir for binaries and profiles */
  work: string;
  /** bin/ifacelens.js */
  ifacelens: string;
  /** called with each step as it runs */
  log?: (s: string) => void;
}

/** Runtime helpers that box a value into an interface's data word. */
export const BOXING = /^runtime\.convT(16|32|64|string|slice|noptr)?$/;
/** The helper behind new(T), &T{...}, moved variables, closures and `...` backing arrays. */
const NEWOBJECT = 'runtime.newobject';

/**
 * boxing: a convT* call; heap-move: an object whose own address is converted to an interface
 * (`&x`, `&T{...}`, `new(T)`); heap-move-indirect: an object whose pointer reaches an interface
 * conversion through variables, fields, returns or calls; variadic: the backing array of a `...I`
 * argument; dynamic-call: an object whose address is an argument of a call whose callee the
 * compiler cannot see (an interface method, or a function value); dynamic-call-indirect: one whose
 * pointer reaches such an argument through variables, fields, returns or calls.
 */
export type EventClass = 'boxing' | 'heap-move' | 'heap-move-indirect' | 'variadic' | 'dynamic-call' | 'dynamic-call-indirect' | 'other';
export const INTERFACE_CLASSES: EventClass[] = ['boxing', 'heap-move', 'heap-move-indirect', 'variadic', 'dynamic-call', 'dynamic-call-indirect'];

/** The allocations made at one return address, summed over the profile's samples. */
export interface Event {
  target: string;
  address: bigint;
  /** the machine function (linker symbol) whose code made the call */
  function: string;
  /** innermost source position of the call */
  file: string;
  line: number;
  /** inlined frames, innermost first, as the profile names them */
  frames: Frame[];
  /** the runtime function the CALL instruction calls */
  call: string;
  objects: number;
  bytes: number;
  class: EventClass;
  /** why it is (or is not) interface-related */
  why: string;
  /** the object's type, read from the descriptor the call is passed (when loaded with LEAQ) */
  type?: TypeInfo;
  /** why the event is not judged: test code, generated code, a package the analysis does not cover */
  outOfScope?: string;
  /** set when objdump's line for the CALL differs from the profile's leaf frame (a mapping fault) */
  mapping?: string;
}

export type Verdict =
  | { ok: true; site: SiteReport; bytesExact: boolean; predictedSlot: number | null; sizeAgrees: boolean | null }
  | { ok: false; kind: MissKind; miss: string; sites: SiteReport[] };

/**
 * silent: ifacelens reports no site of that kind on the line in that function (nothing claimed);
 * wrong-function: the site is reported, but not in the machine function that ran it;
 * says-no: ifacelens claims the site does not allocate there; other-call: it names another helper.
 */
export type MissKind = 'silent' | 'wrong-function' | 'says-no' | 'other-call';

export interface Judged extends Event {
  verdict: Verdict;
}

export interface PrecisionItem {
  site: SiteReport;
  instances: SiteReport[];
  allocated: boolean;
}

export interface TargetResult {
  target: Target;
  dir: string;
  benchmarks: string[];
  benchFailures: string[];
  /** every allocation event, classified */
  events: Event[];
  judged: Judged[];
  precision: PrecisionItem[];
  /** allocating sites whose freeWhen condition makes either outcome right */
  eitherWay: number;
  /** allocating sites in the package never executed by the benchmarks (or outside any coverage block) */
  notExecuted: number;
  /** executed allocating sites not judged: tiny objects (a tiny allocation that fits the current 16-byte block is not profiled), or instances that disagree */
  unjudged: number;
}

interface GoPackage {
  importPath: string;
  dir: string;
  standard: boolean;
}

function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; timeout?: number; allowFail?: boolean }) {
  const r = spawnSync(cmd, args, { cwd: o.cwd, env: o.env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: (o.timeout ?? 600) * 1000 });
  if (!o.allowFail && r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${o.cwd}) exited ${r.status ?? r.signal}: ${(r.stderr || String(r.error ?? '')).slice(0, 2000)}`);
  return r;
}

const fileName = (pkg: string) => pkg.replace(/[^A-Za-z0-9]+/g, '_');
const isTestFile = (f: string) => f.endsWith('_test.go');

/** The package a linker symbol belongs to: everything before the first '.' after the last '/', brackets skipped. */
export function symbolPackage(sym: string): string {
  const bare = sym.replace(/\[.*\]/g, '');
  const slash = bare.lastIndexOf('/');
  const dot = bare.indexOf('.', slash + 1);
  return dot < 0 ? bare : bare.slice(0, dot);
}

/**
 * Is the call `what` (the compiler's text of the call expression, e.g. `r.Read(b[:])`) on
 * `file:line` of `fn` a dynamic call, one whose callee escape analysis cannot see? It is when the
 * line has no direct CALL of a function of that name and has a CALL through a register: loaded
 * from an itab's fun[] slot (`MOVQ 0x18+8i(reg), R`: an interface method) or from a closure's
 * code pointer at offset 0 (a function value).
 */
function dynamicCall(fn: Disassembled, what: string, file: string, line: number): 'interface method' | 'function value' | undefined {
  const name = /([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\(/.exec(what)?.[1];
  const base = basename(file);
  const ins = fn.instructions.filter((i) => i.base === base && i.line === line);
  if (name && ins.some((i) => new RegExp(`^CALL \\S*\\.${name}(\\[.*\\])?(-fm)?\\(SB\\)`).test(i.text))) return undefined;
  let found: 'interface method' | 'function value' | undefined;
  for (let k = 0; k < ins.length; k++) {
    const m = /^CALL ([A-Z][A-Z0-9]*)$/.exec(ins[k].text);
    if (!m) continue;
    // Follow the called register back through register copies to the load that set it.
    let reg = m[1];
    for (let j = k - 1; j >= 0 && j >= k - 12; j--) {
      if (!ins[j].text.endsWith(`, ${reg}`)) continue;
      const copy = /^MOVQ ([A-Z][A-Z0-9]*), [A-Z0-9]+$/.exec(ins[j].text);
      if (copy) {
        reg = copy[1];
        continue;
      }
      const ld = /^MOVQ (0x[0-9a-f]+|0)?\(([A-Z0-9]+)\), [A-Z0-9]+$/.exec(ins[j].text);
      const off = ld?.[1] ? Number(ld[1]) : 0;
      if (ld && !['SP', 'BP', 'IP'].includes(ld[2])) {
        if (off >= 0x18 && off % 8 === 0) return 'interface method';
        if (off === 0) found = 'function value';
      }
      break;
    }
  }
  return found;
}

export class Differential {
  private packages = new Map<string, GoPackage>();
  private byDir = new Map<string, string>();
  readonly results: TargetResult[] = [];

  constructor(private o: Options) {}

  private log(s: string) {
    this.o.log?.(s);
  }

  private go(args: string[], extra: { timeout?: number; allowFail?: boolean; cwd?: string } = {}) {
    return run('go', args, { cwd: extra.cwd ?? this.o.cwd, env: this.o.env, timeout: extra.timeout, allowFail: extra.allowFail });
  }

  private listPackages(pkg: string) {
    const out = this.go(['list', '-deps', '-test', '-f', '{{.ImportPath}}\t{{.Dir}}\t{{.Standard}}', pkg]).stdout;
    for (const l of out.split('\n')) {
      const [full, dir, std] = l.split('\t');
      // "testing [fmt.test]": a package recompiled against the test variant of fmt; same code.
      const ip = full?.replace(/ \[.*\]$/, '');
      if (!ip || !dir || ip.endsWith('.test') || ip.endsWith('_test')) continue;
      this.packages.set(ip, { importPath: ip, dir, standard: std === 'true' });
      this.byDir.set(dir, ip);
    }
  }

  /** The (non-test) package a source file belongs to. */
  private packageOfFile(file: string): string | undefined {
    return this.byDir.get(dirname(file));
  }

  /** Runs one target's benchmarks with an exact memory profile and classifies every allocation. */
  measure(t: Target): TargetResult {
    const w = this.o.work;
    const n = fileName(t.pkg);
    this.listPackages(t.pkg);
    const dir = this.packages.get(t.pkg)?.dir;
    if (!dir) throw new Error(`go list did not find ${t.pkg}`);
    const bin = join(w, `${n}.test`);
    this.log(`${t.pkg}: go test -c`);
    this.go(['test', '-c', '-o', bin, t.pkg]);
    this.log(`${t.pkg}: benchmarks with -test.memprofilerate=1`);
    const { events, code, benchmarks, benchFailures } = this.profiled(t, bin, dir, join(w, `${n}.mem.pprof`));

    // Why each runtime.newobject allocated: the compiler's own -m=2 explanation at that line, from
    // a separate build of the same packages with the diagnostics on.
    const newobjects = events.filter((e) => e.call === NEWOBJECT && !isTestFile(e.file));
    const m2pkgs = new Set<string>();
    for (const e of newobjects) {
      const p = this.packageOfFile(e.file);
      if (p) m2pkgs.add(p);
    }
    let escapes = new Map<string, Escape[]>();
    if (m2pkgs.size > 0) {
      this.log(`${t.pkg}: -m=2 of ${m2pkgs.size} packages`);
      const flags = [...m2pkgs].sort().map((p) => `-gcflags=${p}=-m=2`);
      const b = this.go(['test', '-c', '-o', join(w, `${n}.m2.test`), ...flags, t.pkg]);
      escapes = byLine(parseEscapes(b.stderr, this.o.cwd));
    }
    for (const e of events) {
      if (BOXING.test(e.call)) {
        e.class = 'boxing';
        e.why = `${e.call} boxes a value`;
        continue;
      }
      if (e.call !== NEWOBJECT) {
        e.why = `${e.call} is not an interface helper`;
        continue;
      }
      // -m=2 prints an inlined body's escapes at the outermost position (the call in the machine
      // function), the profile's leaf frame is the innermost: look at both.
      const outer = e.frames[e.frames.length - 1];
      const at = [...(escapes.get(`${e.file}:${e.line}`) ?? []), ...(outer && e.frames.length > 1 ? (escapes.get(`${outer.file}:${outer.line}`) ?? []) : [])];
      const here = candidates(at, e.type);
      const conv = here.filter((x) => x.subject !== '... argument' && throughInterface(x));
      if (conv.length) {
        const direct = conv.find(directlyConverted);
        const x = direct ?? conv[0];
        e.class = direct ? 'heap-move' : 'heap-move-indirect';
        e.why = `${x.subject} escapes ${direct ? 'as the operand of' : 'through'} an interface conversion (-m=2 at ${basename(x.file)}:${x.line}:${x.column}: ${x.flows.map((f) => f.map((s) => `${s.what} (${s.note})`).join(' → ')).join(' ⇒ ')})`;
        continue;
      }
      const va = here.find((x) => x.subject === '... argument');
      if (va && e.type?.kind === KIND_ARRAY && e.type.elemKind === KIND_INTERFACE) {
        e.class = 'variadic';
        e.why = `... argument escapes: backing array ${e.type.name}`;
        continue;
      }
      const fn = code.get(e.function);
      const lastCall = (f: { what: string; note: string; file: string; line: number }[]) => {
        const l = f[f.length - 1];
        return l && l.note === 'call parameter' && fn ? dynamicCall(fn, l.what, l.file, l.line) : undefined;
      };
      const dyns = fn ? here.filter((x) => x.flows.some(lastCall)) : [];
      if (dyns.length) {
        const direct = dyns.find((x) => directlyReaches(x, (s) => s.note === 'call parameter'));
        const dyn = direct ?? dyns[0];
        const flow = dyn.flows.find(lastCall)!;
        e.class = direct ? 'dynamic-call' : 'dynamic-call-indirect';
        e.why = `${dyn.subject} escapes as an argument of a call through ${lastCall(flow) === 'interface method' ? 'an interface method' : 'a function value'}: ${flow[flow.length - 1].what}`;
        continue;
      }
      e.why = here.length ? `escapes, not through an interface: ${here.map((x) => x.subject).join(', ')}` : 'no -m=2 escape at this line';
    }

    // Scope: code ifacelens analyses (non-test files of a package in the binary).
    for (const e of events) {
      const sym = code.get(e.function);
      const pf = this.packageOfFile(e.file);
      if (e.function.startsWith('runtime.') || e.function.startsWith('internal/runtime/') || pf === 'runtime' || pf?.startsWith('internal/runtime/'))
        e.outOfScope = 'runtime';
      else if (isTestFile(e.file) || isTestFile(e.frames[e.frames.length - 1]?.file ?? '') || (sym && isTestFile(sym.file))) e.outOfScope = 'test code';
      else if (!e.file.endsWith('.go')) e.outOfScope = `generated code (${e.file})`;
      else if (!this.packageOfFile(e.file)) e.outOfScope = 'file of no package in the binary';
    }

    const res: TargetResult = { target: t, dir, benchmarks, benchFailures, events, judged: [], precision: [], eitherWay: 0, notExecuted: 0, unjudged: 0 };
    this.results.push(res);
    return res;
  }

  /**
   * Runs a test binary's benchmarks with an exact memory profile and maps every sample to the
   * CALL it returns to: the events, by return address.
   */
  private profiled(
    t: Target,
    bin: string,
    dir: string,
    profile: string,
    extra: string[] = [],
  ): { events: Event[]; code: Map<string, Disassembled>; benchmarks: string[]; benchFailures: string[] } {
    const benchArgs = ['-test.run=^$', `-test.bench=${t.bench ?? '.'}`, `-test.benchtime=${t.benchtime ?? '20x'}`, '-test.benchmem=false'];
    // GODEBUG=memprofilerate=1 makes package initialisation exact too (the flag only takes effect in main).
    const env = { ...this.o.env, GODEBUG: 'memprofilerate=1' };
    const r = run(bin, [...benchArgs, ...extra, '-test.memprofilerate=1', `-test.memprofile=${profile}`], {
      cwd: dir,
      env,
      timeout: t.timeout ?? 300,
      allowFail: true,
    });
    const benchmarks = [...r.stdout.matchAll(/^(Benchmark\S+)\s+\d+/gm)].map((m) => m[1]);
    const benchFailures = [...r.stdout.matchAll(/^--- FAIL: (\S+)/gm)].map((m) => m[1]);
    if (!existsSync(profile)) throw new Error(`${t.pkg}: the benchmarks wrote no profile (exit ${r.status}): ${(r.stdout + r.stderr).slice(-2000)}`);

    // Each sample's leaf location is the first frame outside the runtime (runtime/pprof hides the
    // allocator's own frames); its address is the return address of the call into the runtime.
    const syms = textSymbols(bin);
    const prof = readHeapProfile(profile);
    if (prof.period !== 1) throw new Error(`${t.pkg}: profile period ${prof.period}, not an exact profile`);
    const leafSym = new Map<string, string>();
    for (const s of prof.samples) {
      const a = s.stack[0].address;
      const sym = symbolAt(syms, a - 1n);
      if (sym) leafSym.set(a.toString(), sym.name);
    }
    const code = disassemble(bin, [...leafSym.values()]);
    const types = new TypeReader(bin, dataSymbol(bin, 'type:*'));

    const byAddr = new Map<string, Event>();
    for (const s of prof.samples) {
      const loc = s.stack[0];
      const key = loc.address.toString();
      let e = byAddr.get(key);
      if (!e) {
        const fnName = leafSym.get(key) ?? '?';
        const fn = code.get(fnName);
        const at = fn && instructionAt(fn, loc.address - 1n);
        const call = at ? (callTarget(at.ins) ?? `(${at.ins.text})`) : '?';
        const inner = loc.frames[0] ?? { function: '?', file: '?', line: 0 };
        let type: TypeInfo | undefined;
        if (fn && at && /^runtime\.(newobject|convT|convTnoptr)$/.test(call)) {
          const ta = typeArgument(fn, at.index);
          if (ta !== undefined) type = types.type(ta);
        }
        e = {
          target: t.pkg,
          address: loc.address,
          function: fnName,
          file: inner.file,
          line: inner.line,
          frames: loc.frames,
          call,
          objects: 0,
          bytes: 0,
          class: 'other',
          why: '',
          type,
        };
        if (at && at.ins.line !== inner.line) {
          e.mapping = `objdump places the call at ${at.ins.base}:${at.ins.line}, the profile at ${basename(inner.file)}:${inner.line}`;
        } else if (at && at.ins.base !== basename(inner.file) && loc.frames.length === 1) {
          // pprof names one file per function: a package's init, whose code comes from the variable
          // declarations of several files, gets the first file's name for all its lines. objdump
          // reads the line table and has the right file (in the same package directory).
          e.file = join(dirname(inner.file), at.ins.base);
        }
        // The same for the outermost frame of inlined code (the call in the machine function): its
        // line is that of the inline mark and of the call's own instructions, whose file objdump knows.
        if (fn && loc.frames.length > 1) {
          const outer = loc.frames[loc.frames.length - 1];
          const bases = new Set(fn.instructions.filter((i) => i.line === outer.line).map((i) => i.base));
          if (!bases.has(basename(outer.file))) {
            if (bases.size === 1) e.frames = [...loc.frames.slice(0, -1), { ...outer, file: join(dirname(outer.file), [...bases][0]) }];
            else
              e.outOfScope = `call site of inlined code in an unknown file (${basename(outer.file)}:${outer.line}; objdump has ${[...bases].join(', ') || 'no instruction on that line'})`;
          }
        }
        byAddr.set(key, e);
      }
      e.objects += s.objects;
      e.bytes += s.bytes;
    }
    return { events: [...byAddr.values()], code, benchmarks, benchFailures };
  }

  /** Packages the analysis must cover so every in-scope interface-related event can be judged. */
  scope(): string[] {
    const s = new Set<string>();
    for (const r of this.results) {
      s.add(r.target.pkg);
      for (const e of r.events) {
        if (e.outOfScope || !INTERFACE_CLASSES.includes(e.class)) continue;
        const p = this.packageOfFile(e.file);
        if (p) s.add(p);
        const fp = symbolPackage(e.function);
        if (this.packages.has(fp)) s.add(fp);
      }
    }
    return [...s].sort();
  }

  analyze(patterns: string[]): Report {
    const out = join(this.o.work, 'report.json');
    this.log(`ifacelens analyze of ${patterns.length} packages`);
    run(process.execPath, [this.o.ifacelens, 'analyze', '-q', '--format', 'json', '-o', out, ...patterns], { cwd: this.o.cwd, env: this.o.env, timeout: 900 });
    return JSON.parse(readFileSync(out, 'utf8')) as Report;
  }

  /** Judges every result against one report of the scope's packages. */
  judge(report: Report) {
    const abs = (s: SiteReport) => resolve(report.dir, s.position.file);
    const byFnLine = new Map<string, SiteReport[]>();
    const byLineAll = new Map<string, SiteReport[]>();
    for (const s of report.sites) {
      const k = `${abs(s)}:${s.position.line}`;
      push(byFnLine, `${s.function}\u0000${k}`, s);
      push(byLineAll, k, s);
    }
    const analysed = new Set(report.packages);
    for (const r of this.results) {
      r.judged = [];
      for (const e of r.events) {
        if (e.outOfScope || !INTERFACE_CLASSES.includes(e.class)) continue;
        const pf = this.packageOfFile(e.file);
        if (!pf || !analysed.has(pf)) {
          e.outOfScope = `package ${pf ?? '?'} not analysed`;
          continue;
        }
        r.judged.push({ ...e, verdict: verdict(e, byFnLine.get(`${e.function}\u0000${e.file}:${e.line}`) ?? [], byLineAll.get(`${e.file}:${e.line}`) ?? []) });
      }
      this.precision(r, report, abs);
    }
  }

  private precision(r: TargetResult, report: Report, abs: (s: SiteReport) => string) {
    // Executed lines and the allocations made on them come from one run of one binary (built with
    // -cover, same benchmarks): two runs could take different paths (a network error in one).
    const n = fileName(r.target.pkg);
    const bin = join(this.o.work, `${n}.cover.test`);
    const cov = join(this.o.work, `${n}.cov`);
    this.log(`${r.target.pkg}: coverage run`);
    this.go(['test', '-c', '-cover', '-o', bin, r.target.pkg]);
    const covered = this.profiled(r.target, bin, r.dir, join(this.o.work, `${n}.cover.pprof`), [`-test.coverprofile=${cov}`]);
    const blocks = parseCoverProfile(existsSync(cov) ? readFileSync(cov, 'utf8') : '', (ip) => this.packages.get(ip)?.dir);
    // Source sites: all instances (own function and inlined copies) of one position and kind.
    const groups = new Map<string, SiteReport[]>();
    for (const s of report.sites) {
      if (s.package !== r.target.pkg || isTestFile(s.position.file)) continue;
      push(groups, `${abs(s)}:${s.position.line}:${s.position.column}:${s.kind}`, s);
    }
    const allocAt = new Map<string, Event[]>();
    for (const e of covered.events) push(allocAt, `${e.file}:${e.line}`, e);
    r.precision = [];
    r.eitherWay = 0;
    r.notExecuted = 0;
    r.unjudged = 0;
    for (const inst of groups.values()) {
      const s = inst[0];
      if (!inst.some((i) => i.allocates === true)) continue;
      if (inst.some((i) => i.freeWhen)) {
        r.eitherWay++;
        continue;
      }
      const ran = executed(blocks, abs(s), s.position.line, s.position.column);
      if (ran !== true) {
        r.notExecuted++;
        continue;
      }
      // Instances that disagree (one inlined copy allocates, another does not) cannot be told
      // apart by an executed line; a tiny object may have gone into a block already profiled.
      if (!inst.every((i) => i.allocates === true && i.runtimeCall) || inst.some((i) => i.allocPath === 'tiny')) {
        r.unjudged++;
        continue;
      }
      const calls = new Set(inst.map((i) => i.runtimeCall));
      const allocated = (allocAt.get(`${abs(s)}:${s.position.line}`) ?? []).some((e) => calls.has(e.call));
      r.precision.push({ site: s, instances: inst, allocated });
    }
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  let l = m.get(k);
  if (!l) m.set(k, (l = []));
  l.push(v);
}

const KIND_OF: Record<EventClass, string[]> = {
  boxing: ['convert', 'iface-to-iface'],
  'heap-move': ['heap-move'],
  'heap-move-indirect': ['heap-move'],
  variadic: ['variadic-slice'],
  'dynamic-call': ['dynamic-arg', 'heap-move'],
  'dynamic-call-indirect': ['dynamic-arg', 'heap-move'],
  other: [],
};

const FIXED_SIZE: Record<string, number> = {
  'runtime.convT16': 2,
  'runtime.convT32': 4,
  'runtime.convT64': 8,
  'runtime.convTstring': 16,
  'runtime.convTslice': 24,
};

/** The slot one allocation of this site takes, as the profile records it (a tiny allocation: its 16-byte block). */
export function predictedSlot(s: SiteReport): number | null {
  if (s.allocPath === 'tiny') return 16;
  if (s.bytesPerOp === null || !s.allocsPerOp) return null;
  return s.bytesPerOp / s.allocsPerOp;
}

function verdict(e: Event, inFn: SiteReport[], onLine: SiteReport[]): Verdict {
  const kinds = KIND_OF[e.class];
  const callOk = (s: SiteReport) => s.runtimeCall === e.call;
  const good = inFn.filter((s) => kinds.includes(s.kind) && s.allocates === true && callOk(s));
  if (good.length) {
    const measured = e.bytes / e.objects;
    const exact = good.find((s) => predictedSlot(s) === measured);
    const site = exact ?? good[0];
    const size = e.type?.size ?? FIXED_SIZE[e.call];
    return { ok: true, site, bytesExact: !!exact, predictedSlot: predictedSlot(site), sizeAgrees: size === undefined ? null : site.objectSize === size };
  }
  const one = (s: SiteReport) =>
    `${s.kind}${s.runtimeCall ? ' ' + s.runtimeCall : ''} allocates=${s.allocates} in ${s.function} (col ${s.position.column}${s.verified ? '' : ', unverified'})`;
  const list = (ss: SiteReport[], f: (s: SiteReport) => string = one) => {
    const uniq = [...new Set(ss.map(f))];
    return uniq.length > 4 ? `${uniq.slice(0, 4).join('; ')}; … ${uniq.length - 4} more` : uniq.join('; ');
  };
  const sameKind = inFn.filter((s) => kinds.includes(s.kind));
  let miss: string;
  let kind: MissKind;
  if (sameKind.some((s) => s.allocates === true)) [kind, miss] = ['other-call', `ifacelens names another runtime call: ${list(sameKind)}`];
  else if (sameKind.length) [kind, miss] = ['says-no', `ifacelens says it does not allocate: ${list(sameKind, (s) => `${one(s)}: ${s.reason}`)}`];
  else if (onLine.some((s) => kinds.includes(s.kind)))
    [kind, miss] = ['wrong-function', `ifacelens reports this line only in other functions: ${list(onLine.filter((s) => kinds.includes(s.kind)))}`];
  else if (onLine.length) [kind, miss] = ['silent', `no ${kinds.join('/')} site on this line (ifacelens has: ${list(onLine)})`];
  else [kind, miss] = ['silent', 'ifacelens reports no site on this line'];
  return { ok: false, kind, miss, sites: onLine };
}

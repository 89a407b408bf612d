// The helper protocol is validated both ways: every line the real helper writes on its testdata
// passes parseHelperLine (and the stream's done counts), and what does not fit the protocol — a
// field of the wrong type in a nested object, a stream cut short, a stale helper — is one clear
// error. Also the playground worker's answer: a malformed one is a failure result, not a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HELPER_PROTOCOL, parseHelperLine, ProtocolError, type HelperRecord } from '../src/parse/helper-protocol.js';
import { ensureHelper, runHelper } from '../src/toolchain/helper.js';
import { ToolchainError } from '../src/toolchain/errors.js';
import { Playground, workerResultProblem } from '../src/web/playground.js';

const root = resolve(__dirname, '..');
const fixtures = join(root, 'helper', 'testdata', 'src');

function hostEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '', GOWORK: 'off' };
  delete env.GOARCH;
  delete env.GOOS;
  return env;
}

describe('every line the helper writes on its testdata', () => {
  let bin = '';
  beforeAll(async () => {
    const v = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: hostEnv() });
    bin = await ensureHelper(v.stdout.trim());
  });

  /** Runs the helper raw, validating each line, then through runHelper (which checks the done counts too). */
  async function lines(dir: string, args: string[], patterns: string[], env = hostEnv()): Promise<HelperRecord[]> {
    const r = spawnSync(bin, [...args, '--', ...patterns], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const rec = parseHelperLine(l);
        expect(rec).toEqual(JSON.parse(l)); // as sent: nothing added, nothing dropped
        return rec;
      });
    const checked = await runHelper(bin, {
      dir,
      env,
      patterns,
      layouts: args.includes('-layouts'),
      tests: args.includes('-tests'),
      checks: args.includes('-typednil') ? ['typed-nil'] : undefined,
      gcflags: args.find((a) => a.startsWith('-gcflags='))?.slice('-gcflags='.length),
    });
    if (!args.some((a) => a.startsWith('-checks'))) expect(checked).toEqual(out);
    return out;
  }

  it('validates every record kind of every fixture', async () => {
    const all: HelperRecord[] = [
      ...(await lines(join(fixtures, 'convsites'), ['-layouts', '-checks=typed-nil'], ['./...'])),
      ...(await lines(join(fixtures, 'typednil'), ['-typednil', '-layouts'], ['./...'])),
      ...(await lines(join(fixtures, 'sizes'), ['-layouts'], ['./...'], { ...hostEnv(), GOARCH: '386' })),
      ...(await lines(join(fixtures, 'loading'), ['-typednil'], ['./user', './base', './usesbroken', 'example.com/loading/nope', './broken'])),
      ...(await lines(join(root, 'testdata', 'tests'), ['-tests', '-typednil', '-gcflags=-m'], ['./...'])),
    ];
    const kinds = new Set(all.map((r) => (r.kind === 'site' ? `site:${r.siteKind}` : r.kind)));
    for (const k of [
      'header',
      'package',
      'loadError',
      'function',
      'call',
      'instance',
      'dyncall',
      'struct',
      'finding',
      'done',
      'site:convert',
      'site:iface-to-iface',
      'site:assert',
      'site:type-switch',
      'site:heap-move',
      'site:variadic-slice',
      'site:dynamic-arg',
    ]) {
      expect(kinds, k).toContain(k);
    }
    // findings name a check the header lists, with one of its rules
    const header = all.find((r) => r.kind === 'header');
    if (header?.kind !== 'header') throw new Error('no header');
    expect(header.protocol).toBe(HELPER_PROTOCOL);
    const rules = new Map(header.checks!.map((c) => [c.name, c.rules.map((r) => r.id)]));
    expect([...rules.keys()]).toEqual(['typed-nil']);
    const findings = all.filter((r) => r.kind === 'finding');
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) {
      if (f.kind !== 'finding') continue;
      expect(rules.get(f.check!), f.message).toContain(f.rule);
    }
  });
});

describe('what does not fit the protocol', () => {
  const site = {
    kind: 'site',
    siteKind: 'convert',
    package: 'p',
    function: 'p.F',
    pos: { file: '/a.go', line: 3, col: 9 },
    context: 'return',
    operand: 'n',
    constant: false,
    nil: false,
    typeParam: false,
    loop: { depth: 1, tripCounts: [4, null], conditional: false },
    source: {
      type: 'int',
      size: 8,
      align: 8,
      ptrBytes: 0,
      interface: false,
      empty: false,
      methods: 0,
      directIface: false,
      sole: 'int',
      basic: 'int',
      typeParam: false,
    },
  };
  const bad = (patch: (s: typeof site & Record<string, unknown>) => void): string => {
    const s = structuredClone(site) as typeof site & Record<string, unknown>;
    patch(s);
    try {
      parseHelperLine(JSON.stringify(s));
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('names the field, nested objects included', () => {
    expect(parseHelperLine(JSON.stringify(site))).toEqual(site);
    expect(
      bad((s) => {
        s.source.size = '8' as unknown as number;
      }),
    ).toBe('helper: site.source.size is not an integer');
    expect(
      bad((s) => {
        s.loop.tripCounts = [1.5];
      }),
    ).toBe('helper: site.loop.tripCounts[0] is not an integer');
    expect(
      bad((s) => {
        s.siteKind = 'teleport';
      }),
    ).toBe('helper: site.siteKind is not a site kind');
    expect(
      bad((s) => {
        s.pos = { file: '/a.go', line: 3 } as typeof s.pos;
      }),
    ).toBe('helper: site.pos is not a position');
    expect(
      bad((s) => {
        s.dynamic = { callee: 'f', interface: 'yes', arg: 0 };
      }),
    ).toBe('helper: site.dynamic.interface is not a boolean');
    expect(
      bad((s) => {
        s.captures = [{ name: 'x', pos: site.pos, facts: { type: 'int' } }];
      }),
    ).toBe('helper: site.captures[0].facts.size is not an integer');
    const line = (r: object) => () => parseHelperLine(JSON.stringify(r));
    expect(line({ kind: 'call', function: 'f', pos: site.pos, loop: site.loop, typeArgs: [{ param: 'T', index: 0, shape: 'int', facts: null }] })).toThrow(
      'helper: call.typeArgs[0].facts is not an object',
    );
    expect(
      line({
        kind: 'finding',
        rule: 'r',
        package: 'p',
        function: 'f',
        pos: site.pos,
        operand: 'e',
        concrete: 'c',
        iface: 'i',
        nilKind: 'pointer',
        message: 'm',
        related: [{ pos: site.pos }],
        generated: false,
      }),
    ).toThrow('helper: finding.related[0].message is not a string');
    expect(
      line({
        kind: 'struct',
        package: 'p',
        name: 'T',
        declared: true,
        size: 8,
        align: 8,
        ptrBytes: 0,
        fields: [{ name: 'a', type: 'int', offset: 0, size: 8, align: 8, ptrBytes: 0, doc: [1] }],
      }),
    ).toThrow('helper: struct.fields[0].doc[0] is not a string');
    expect(
      line({ kind: 'header', protocol: HELPER_PROTOCOL, helper: 'h', go: 'g', goos: 'linux', goarch: 'amd64', checks: [{ name: 'n', doc: 'd', rules: {} }] }),
    ).toThrow('helper: header.checks[0].rules is not an array');
    expect(line({ kind: 'done', packages: 1, functions: 2 })).toThrow('helper: done.sites is not an integer');
    // another protocol's header: only its number is read (the caller says which side is stale)
    expect(parseHelperLine('{"kind":"header","protocol":99}')).toEqual({ kind: 'header', protocol: 99 });
    // unknown kinds pass (callers ignore them), Object.prototype names included
    for (const k of ['later', '__proto__', 'constructor', 'toString']) expect(parseHelperLine(JSON.stringify({ kind: k })).kind).toBe(k);
  });

  describe('a stream that is cut short or does not fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-fakehelper-'));
    const header = JSON.stringify({ kind: 'header', protocol: HELPER_PROTOCOL, helper: '0.1.0', go: 'go1.26.8', goos: 'linux', goarch: 'amd64', checks: [] });
    const pkg = JSON.stringify({ kind: 'package', path: 'p', name: 'p', dir: '/p', files: ['/p/a.go'] });
    const fn = JSON.stringify({ kind: 'function', package: 'p', name: 'p.F', file: '/p/a.go', start: { line: 1, col: 1 }, end: { line: 2, col: 1 } });
    /** A fake helper that writes these lines and exits 0. */
    const fake = (name: string, ls: string[]): string => {
      const data = join(dir, `${name}.jsonl`);
      writeFileSync(data, ls.map((l) => `${l}\n`).join(''));
      const bin = join(dir, name);
      writeFileSync(bin, `#!/bin/sh\ncat '${data}'\n`);
      chmodSync(bin, 0o755);
      return bin;
    };
    const runFake = (name: string, ls: string[]) => runHelper(fake(name, ls), { dir, env: process.env, patterns: ['./...'] });
    const fails = async (name: string, ls: string[]): Promise<string> => {
      const e = await runFake(name, ls).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(e, name).toBeInstanceOf(ToolchainError);
      expect(e!.message).not.toContain('\n');
      return e!.message;
    };

    it('reads a whole stream', async () => {
      const done = JSON.stringify({ kind: 'done', packages: 1, functions: 1, sites: 0 });
      expect((await runFake('whole', [header, pkg, fn, done])).map((r) => r.kind)).toEqual(['header', 'package', 'function', 'done']);
    });
    it('refuses a stream without its done record', async () => {
      expect(await fails('nodone', [header, pkg, fn])).toBe('helper: output ended without its done record after 3 records (truncated)');
    });
    it('refuses done counts the records do not reach', async () => {
      expect(await fails('short', [header, pkg, JSON.stringify({ kind: 'done', packages: 1, functions: 2, sites: 0 })])).toBe(
        'helper: output truncated: its done record counts 1 packages, 2 functions, 0 sites; received 1, 0, 0',
      );
    });
    it('refuses records after done', async () => {
      expect(await fails('after', [header, JSON.stringify({ kind: 'done', packages: 0, functions: 0, sites: 0 }), pkg])).toBe(
        'helper: 1 records after the done record',
      );
    });
    it('says which line does not fit', async () => {
      expect(await fails('badline', [header, pkg, '{"kind":"function","package":"p","name":"p.F"}'])).toBe(
        'helper: function.file is not a string (output line 3)',
      );
    });
    it('says a helper of another protocol is stale, whatever it writes after its header', async () => {
      expect(await fails('stale', [JSON.stringify({ kind: 'header', protocol: HELPER_PROTOCOL - 1 }), '{"kind":"site"}'])).toMatch(
        /^helper speaks protocol 0, this ifacelens needs 1: the cached helper is stale/,
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
  });
});

describe("the playground worker's answer", () => {
  it('has the shape the page reads, or says what is wrong', () => {
    const ok = { ok: true, goarch: 'amd64', asm: [], explanations: [], layouts: [], errors: [] };
    expect(workerResultProblem(ok)).toBeUndefined();
    expect(workerResultProblem({ ...ok, report: {} })).toBeUndefined();
    expect(workerResultProblem([])).toBe('not an object');
    expect(workerResultProblem(null)).toBe('not an object');
    expect(workerResultProblem({ ...ok, ok: 'true' })).toBe('ok is not a boolean');
    expect(workerResultProblem({ ...ok, goarch: 1 })).toBe('goarch is not a string');
    expect(workerResultProblem({ ...ok, layouts: undefined })).toBe('layouts is not an array');
    expect(workerResultProblem({ ...ok, report: [] })).toBe('report is not an object');
  });

  it('is a failure result when malformed, not a crash', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-badworker-'));
    try {
      const worker = join(d, 'bad.cjs');
      writeFileSync(worker, `process.stdout.write(JSON.stringify({ ok: true, goarch: 'amd64', asm: 'not a list' }));\n`);
      const pg = new Playground({ goVersion: 'go1.26.0', defaultGoarch: 'amd64', goarches: ['amd64'], workerPath: worker });
      const r = await pg.analyze({ source: 'package main\n' });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual([{ line: 0, column: 0, message: 'the analysis returned a malformed result: asm is not an array' }]);
      expect(r.asm).toEqual([]);
      // not cached: the next request runs the worker again
      expect((await pg.analyze({ source: 'package main\n' })).cached).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

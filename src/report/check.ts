// The renderers of `ifacelens check` and `ifacelens diff`: text, JSON, SARIF (with baselineState,
// so code-scanning UIs show only what a change introduces), GitHub Actions workflow commands, and
// Markdown for a pull-request comment.
import type { Log, Result } from 'sarif';
import type { Finding, Position } from '../contract/report.js';
import type { BaselineSite, Comparison, FindingChange, FunctionChange, SiteChange } from '../analysis/baseline.js';
import { shortName } from '../analysis/names.js';
import { checkOfRule } from '../checks/index.js';
import { TOOL_URI } from './sarif.js';
import { escapeStrings } from './terminal.js';
import pc from 'picocolors';

/** What the renderers need from a check or diff run. */
export interface GateResult {
  go: { version: string; goos: string; goarch: string };
  /** the analysed directory (positions are relative to it) */
  dir: string;
  patterns: string[];
  budget: Finding[];
  comparison?: Comparison;
  /** the baseline file or revision compared with */
  base?: string;
  wrote?: string;
  failed: boolean;
}

const where = (p: Position) => `${p.file}:${p.line}:${p.column}`;

function cost(s: BaselineSite | undefined): string {
  if (!s) return '–';
  if (s.allocates === null || s.bytesPerOp === null) return '? B';
  const n = s.executionsPerCall === null ? ' × a loop' : s.executionsPerCall !== 1 ? ` ×${s.executionsPerCall}` : '';
  return `${s.bytesPerOp} B${n}${s.conditional ? ' (conditional)' : ''}`;
}

/** A function's interface allocations and bytes per call (check, diff and compare). */
export function fnCost(f: FunctionChange['before']): string {
  return `${f.allocs} alloc${f.allocs === 1 ? '' : 's'}, ${f.bytes} B${f.unknown ? ' + unknown' : ''}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The headline: what fails, what improved. */
export function summaryLine(r: GateResult): string {
  const c = r.comparison;
  const parts: string[] = [];
  if (r.budget.length) parts.push(plural(r.budget.length, 'broken budget'));
  if (c) {
    const n = (k: SiteChange['change']) => c.sites.filter((s) => s.change === k).length;
    if (n('new')) parts.push(plural(n('new'), 'new interface allocation'));
    if (n('grew')) parts.push(`${n('grew')} grew`);
    const nf = c.findings.filter((f) => f.change === 'new').length;
    if (nf) parts.push(plural(nf, 'new finding'));
  }
  const better = c
    ? c.sites.filter((s) => s.change === 'removed' || s.change === 'shrank').length + c.findings.filter((f) => f.change === 'removed').length
    : 0;
  const head = r.failed ? `FAIL: ${parts.join(', ')}` : 'ok: nothing new';
  return `${head}${better ? `; ${plural(better, 'improvement')}` : ''}`;
}

function siteText(c: SiteChange): string {
  const s = (c.after ?? c.before)!;
  const before = c.change === 'new' ? '' : `${cost(c.before)} → `;
  return `${where(s.position)}  ${shortName(s.function)}  ${s.kind} ${s.operand ?? ''}  ${s.runtimeCall ?? ''}  ${before}${cost(c.after)}: ${s.reason}`.replace(
    / {3,}/g,
    '  ',
  );
}

function findingText(f: FindingChange): string {
  const x = (f.after ?? f.before)!;
  return `${where(x.position)}  ${x.rule} in ${shortName(x.function)}: ${x.message}`;
}

export function renderCheckText(raw: GateResult, opts: { color: boolean }): string {
  // names and operands come from code someone else wrote: escaped before any colour is added
  const r = escapeStrings(raw);
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  out.push(c.bold(`ifacelens check: ${r.go.version} ${r.go.goos}/${r.go.goarch}  ${r.patterns.join(' ')}${r.base ? `  against ${r.base}` : ''}`));
  if (r.wrote) out.push(`wrote the baseline ${r.wrote}`);
  out.push(r.failed ? c.red(summaryLine(r)) : c.green(summaryLine(r)));
  if (r.budget.length) {
    out.push('', c.bold('broken budgets:'));
    for (const f of r.budget) {
      out.push(`  ${c.red(f.rule)} ${where(f.position)} ${shortName(f.function)}: ${f.message}`);
      for (const rel of f.related) out.push(`      ${where(rel.position)}: ${rel.message}`);
    }
  }
  const cmp = r.comparison;
  if (cmp) {
    const group = (title: string, list: string[], color: (s: string) => string) => {
      if (!list.length) return;
      out.push('', c.bold(title));
      for (const l of list) out.push(`  ${color(l)}`);
    };
    group('new interface allocations:', cmp.sites.filter((s) => s.change === 'new').map(siteText), c.red);
    group('grew:', cmp.sites.filter((s) => s.change === 'grew').map(siteText), c.red);
    group('new findings:', cmp.findings.filter((f) => f.change === 'new').map(findingText), c.red);
    group(
      'improvements (these pass):',
      [
        ...cmp.sites.filter((s) => s.change === 'removed').map((s) => `removed: ${siteText(s)}`),
        ...cmp.sites.filter((s) => s.change === 'shrank').map((s) => `shrank: ${siteText(s)}`),
        ...cmp.findings.filter((f) => f.change === 'removed').map((f) => `fixed: ${findingText(f)}`),
      ],
      c.green,
    );
    if (cmp.functions.length) {
      out.push('', c.bold('per call, before → after:'));
      for (const f of cmp.functions) out.push(`  ${shortName(f.function)}: ${fnCost(f.before)} → ${fnCost(f.after)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderCheckJson(r: GateResult): string {
  const cmp = r.comparison && {
    sites: r.comparison.sites.filter((s) => s.change !== 'unchanged'),
    findings: r.comparison.findings.filter((f) => f.change !== 'unchanged'),
    functions: r.comparison.functions,
    unchanged: {
      sites: r.comparison.sites.filter((s) => s.change === 'unchanged').length,
      findings: r.comparison.findings.filter((f) => f.change === 'unchanged').length,
    },
  };
  return `${JSON.stringify({ schemaVersion: 1, go: r.go, dir: r.dir, patterns: r.patterns, base: r.base ?? null, failed: r.failed, summary: summaryLine(r), budget: r.budget, ...(cmp ? { comparison: cmp } : {}), ...(r.wrote ? { wrote: r.wrote } : {}) }, null, 2)}\n`;
}

const uri = (p: Position) => ({ uri: p.file, uriBaseId: p.file.startsWith('/') ? undefined : 'SRCROOT' });

export function renderCheckSarif(r: GateResult, version: string): string {
  const results: Result[] = [];
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const rule = (id: string, text: string) => {
    if (!rules.has(id)) rules.set(id, { id, shortDescription: { text } });
    return id;
  };
  for (const f of r.budget) {
    const check = checkOfRule(f.rule);
    results.push({
      ruleId: rule(f.rule, check?.rules.find((x) => x.id === f.rule)?.short ?? f.rule),
      level: 'error',
      baselineState: 'new',
      message: { text: `${shortName(f.function)}: ${f.message}` },
      locations: [{ physicalLocation: { artifactLocation: uri(f.position), region: { startLine: f.position.line, startColumn: f.position.column } } }],
      relatedLocations: f.related.map((x, i) => ({
        id: i + 1,
        physicalLocation: { artifactLocation: uri(x.position), region: { startLine: x.position.line, startColumn: x.position.column } },
        message: { text: x.message },
      })),
    });
  }
  const state = { new: 'new', grew: 'updated', shrank: 'updated', unchanged: 'unchanged', removed: 'absent' } as const;
  for (const c of r.comparison?.sites ?? []) {
    const s = (c.after ?? c.before)!;
    const bad = c.change === 'new' || c.change === 'grew';
    results.push({
      ruleId: rule(`alloc/${s.kind}`, `an interface-related allocation (${s.kind})`),
      level: bad ? 'error' : 'note',
      baselineState: state[c.change],
      message: {
        text: `${shortName(s.function)}: ${c.change === 'new' || c.change === 'removed' ? '' : `${cost(c.before)} → `}${cost(c.after ?? c.before)} per execution: ${s.reason}`,
      },
      locations: [
        {
          physicalLocation: { artifactLocation: uri(s.position), region: { startLine: s.position.line, startColumn: s.position.column } },
          logicalLocations: [{ fullyQualifiedName: s.function, kind: 'function' }],
        },
      ],
      partialFingerprints: { ifacelensKey: c.key },
    });
  }
  for (const f of r.comparison?.findings ?? []) {
    const x = (f.after ?? f.before)!;
    results.push({
      ruleId: rule(x.rule, checkOfRule(x.rule)?.rules.find((y) => y.id === x.rule)?.short ?? x.rule),
      level: f.change === 'new' ? 'error' : 'note',
      baselineState: f.change === 'new' ? 'new' : f.change === 'removed' ? 'absent' : 'unchanged',
      message: { text: x.message },
      locations: [{ physicalLocation: { artifactLocation: uri(x.position), region: { startLine: x.position.line, startColumn: x.position.column } } }],
      partialFingerprints: { ifacelensKey: f.key },
    });
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ifacelens', version, informationUri: TOOL_URI, rules: [...rules.values()] } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${r.dir.endsWith('/') ? r.dir : `${r.dir}/`}` } },
        results,
        properties: { go: r.go, failed: r.failed, base: r.base ?? null },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** GitHub Actions workflow commands: values escaped as the runner expects (%, CR, LF; and : , in properties). */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…::…` lines; `fileOf` maps a report position to a path from the repository root. */
export function renderCheckGithub(r: GateResult, fileOf: (p: Position) => string): string {
  const out: string[] = [];
  const cmd = (level: 'error' | 'notice', p: Position, title: string, msg: string) =>
    out.push(`::${level} file=${ghProp(fileOf(p))},line=${p.line},col=${p.column},title=${ghProp(title)}::${ghData(msg)}`);
  for (const f of r.budget)
    cmd(
      'error',
      f.position,
      `ifacelens ${f.rule}`,
      [`${shortName(f.function)}: ${f.message}`, ...f.related.map((x) => `${where(x.position)}: ${x.message}`)].join('\n'),
    );
  for (const c of r.comparison?.sites ?? []) {
    const s = (c.after ?? c.before)!;
    if (c.change === 'new')
      cmd('error', s.position, 'ifacelens: new interface allocation', `${shortName(s.function)}: ${cost(c.after)} per execution: ${s.reason}`);
    else if (c.change === 'grew')
      cmd(
        'error',
        s.position,
        'ifacelens: interface allocation grew',
        `${shortName(s.function)}: ${cost(c.before)} → ${cost(c.after)} per execution: ${s.reason}`,
      );
    else if (c.change === 'shrank' || c.change === 'removed')
      cmd('notice', s.position, 'ifacelens: improvement', `${shortName(s.function)}: ${cost(c.before)} → ${cost(c.after)} per execution`);
  }
  for (const f of r.comparison?.findings ?? []) if (f.change === 'new') cmd('error', f.after!.position, `ifacelens ${f.after!.rule}`, f.after!.message);
  out.push(`${r.failed ? '::error::' : ''}ifacelens: ${ghData(summaryLine(r))}`);
  return `${out.join('\n')}\n`;
}

/** A pull-request comment: the headline, a short table most bytes first, the detail collapsed. */
export function renderCheckMarkdown(r: GateResult): string {
  const out: string[] = [];
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/`/g, 'ˋ');
  out.push(`### ifacelens: ${r.failed ? '❌' : '✅'} ${summaryLine(r)}`, '');
  const rows: { weight: number; row: string }[] = [];
  for (const f of r.budget)
    rows.push({
      weight: Number.POSITIVE_INFINITY,
      row: `| broken budget | \`${esc(shortName(f.function))}\` | ${esc(where(f.position))} | ${esc(f.message)} |`,
    });
  for (const c of r.comparison?.sites ?? []) {
    if (c.change === 'unchanged') continue;
    const s = (c.after ?? c.before)!;
    const weight = (c.after?.bytesPerOp ?? 0) - (c.before?.bytesPerOp ?? 0);
    rows.push({
      weight,
      row: `| ${c.change} | \`${esc(shortName(s.function))}\` | ${esc(where(s.position))} ${esc(s.kind)} | ${esc(cost(c.before))} → ${esc(cost(c.after))} |`,
    });
  }
  for (const f of r.comparison?.findings ?? []) {
    if (f.change !== 'new') continue;
    const x = f.after!;
    rows.push({
      weight: Number.POSITIVE_INFINITY,
      row: `| new ${esc(x.rule)} | \`${esc(shortName(x.function))}\` | ${esc(where(x.position))} | ${esc(x.message)} |`,
    });
  }
  if (rows.length) {
    out.push('| change | function | site | per execution |', '|---|---|---|---|');
    const sorted = rows.sort((a, b) => b.weight - a.weight);
    for (const x of sorted.slice(0, 20)) out.push(x.row);
    if (sorted.length > 20) out.push(`| … | ${sorted.length - 20} more | | |`);
    out.push('');
  }
  const detail: string[] = [];
  for (const f of r.budget) {
    detail.push(`- **${esc(f.rule)}** ${esc(where(f.position))}: ${esc(f.message)}`);
    for (const x of f.related) detail.push(`  - ${esc(where(x.position))}: ${esc(x.message)}`);
  }
  for (const c of r.comparison?.sites ?? []) if (c.change === 'new' || c.change === 'grew') detail.push(`- ${esc(siteText(c))}`);
  for (const f of r.comparison?.functions ?? []) detail.push(`- \`${esc(shortName(f.function))}\` per call: ${fnCost(f.before)} → ${fnCost(f.after)}`);
  if (detail.length) out.push('<details><summary>Details</summary>', '', ...detail, '', '</details>', '');
  return `${out.join('\n')}\n`;
}

// The renderers of `ifacelens fix`: text (each proven fix with its figures, its diff and its
// proof), JSON, and SARIF (each fix a result whose `fixes[].artifactChanges` an editor applies).
import type { Log, ReportingDescriptor, Result } from 'sarif';
import pc from 'picocolors';
import type { FixReport, PerCall, ProvenFix } from '../contract/fix.js';
import { shortName } from '../analysis/names.js';
import { escapeStrings } from './terminal.js';
import { TOOL_URI } from './sarif.js';

const plural = (n: number | null, one: string, many = `${one}s`) => `${n ?? '?'} ${n === 1 ? one : many}`;
const perCall = (p: PerCall) => `${p.bytesPerCall ?? '?'} B, ${plural(p.allocsPerCall, 'alloc')}`;
const perOp = (p: { bytesPerOp: number; allocsPerOp: number }) => `${p.bytesPerOp} B, ${plural(p.allocsPerOp, 'alloc')}`;

/** One line: what a fix saves, predicted and measured. */
export function fixSavings(f: ProvenFix): string {
  const pred = `predicted ${perCall(f.predicted.before)} → ${perCall(f.predicted.after)} per call at its interface sites`;
  if (!f.measured) return f.rewrite === 'typed-nil-guard' ? `${f.notMeasured}` : `${pred}; not measured: ${f.notMeasured ?? 'no measurement'}`;
  const how = f.measured.how === 'generated-benchmark' ? 'a generated benchmark' : `the package's benchmarks (${f.measured.subject})`;
  return `measured ${perOp(f.measured.before)} → ${perOp(f.measured.after)} per call (${how}); ${pred}`;
}

export function renderFixText(raw: FixReport, opts: { color: boolean; all?: boolean }): string {
  const r = escapeStrings(raw);
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens fix: ${r.go.version} ${r.go.goos}/${r.go.goarch}  ${r.patterns.join(' ')}`)];
  for (const [i, f] of r.fixes.entries()) {
    out.push('', c.bold(`${i + 1}. ${f.rewrite}  ${f.position.file}:${f.position.line}:${f.position.column}  in ${shortName(f.function)}`));
    out.push(`   ${f.why}`, `   ${c.green(fixSavings(f))}`);
    out.push(
      ...f.diff
        .trimEnd()
        .split('\n')
        .map((l) => `   ${l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l}`),
    );
    out.push('   proof:');
    for (const p of f.proof)
      out.push(`     ${p.passed ? 'ok' : 'FAIL'}  ${p.step.padEnd(11)} ${p.detail}${p.ran.length ? c.dim(`  (${p.ran.join('; ')})`) : ''}`);
  }
  const shown = opts.all ? r.unproven : r.unproven.filter((u) => u.status !== 'no-cost');
  if (shown.length) {
    out.push('', c.bold('not shown as fixes:'));
    for (const u of shown)
      out.push(`  ${u.status.padEnd(12)} ${u.rewrite.padEnd(14)} ${u.position.file}:${u.position.line}  ${shortName(u.function)}: ${u.reason}`);
  }
  const noCost = r.unproven.length - shown.length;
  const applied = r.applied ? `; applied ${plural(r.applied.fixes, 'fix', 'fixes')} to ${r.applied.files.join(', ') || 'no file'}` : '';
  out.push(
    '',
    `${plural(r.fixes.length, 'proven fix', 'proven fixes')}, ${plural(r.unproven.length - noCost, 'candidate')} not shown${noCost ? `, ${noCost} where nothing allocates (--all lists them)` : ''}${applied}`,
  );
  return out.join('\n') + '\n';
}

export function renderFixJson(r: FixReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export function renderFixSarif(r: FixReport, version: string): string {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = [];
  const artifact = (file: string) => ({ uri: file, uriBaseId: file.startsWith('/') ? undefined : 'SRCROOT' });
  for (const f of r.fixes) {
    const id = `fix/${f.rewrite}`;
    if (!rules.has(id)) {
      rules.set(id, {
        id,
        name: id.replace(/[^A-Za-z0-9]+/g, '-'),
        shortDescription: { text: `a proven ${f.rewrite} rewrite` },
        fullDescription: { text: 'A rewrite that ifacelens proved in an overlay copy: re-analysed, measured, vetted and tested.' },
        helpUri: `${TOOL_URI}/blob/main/docs/fix.md`,
        defaultConfiguration: { level: 'note' },
      });
    }
    results.push({
      ruleId: id,
      level: 'note',
      message: { text: `${f.why}: ${fixSavings(f)}` },
      locations: [
        {
          physicalLocation: { artifactLocation: artifact(f.position.file), region: { startLine: f.position.line, startColumn: f.position.column } },
          logicalLocations: [{ fullyQualifiedName: f.function, kind: 'function' }],
        },
      ],
      fixes: [
        {
          description: { text: `${f.rewrite}: ${f.why}` },
          artifactChanges: [...new Set(f.edits.map((e) => e.file))].map((file) => ({
            artifactLocation: artifact(file),
            replacements: f.edits
              .filter((e) => e.file === file)
              .map((e) => ({
                deletedRegion: { startLine: e.startLine, startColumn: 1, endLine: e.endLine, endColumn: 1 },
                insertedContent: { text: e.newText },
              })),
          })),
        },
      ],
      properties: { predicted: f.predicted, measured: f.measured, proof: f.proof },
    });
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ifacelens', version, informationUri: TOOL_URI, rules: [...rules.values()] } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${r.dir.endsWith('/') ? r.dir : r.dir + '/'}` } },
        results,
        properties: { go: r.go },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

// SARIF 2.1.0: one result per allocating site (rule conversions/<runtime call>), so code-scanning
// UIs show the cost on the line.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Report } from '../contract/report.js';
import { checkOfRule } from '../checks/index.js';

export const TOOL_URI = 'https://github.com/ifacelens/ifacelens';

export function renderSarif(r: Report, version: string): string {
  const rules = new Map<string, ReportingDescriptor>();
  const results: Result[] = [];
  for (const s of r.sites) {
    if (!s.allocates) continue;
    const id = `${s.kind}/${(s.runtimeCall ?? 'alloc').replace(/^runtime\./, '')}`;
    if (!rules.has(id)) {
      rules.set(id, {
        id,
        name: id.replace(/[^A-Za-z0-9]+/g, '-'),
        shortDescription: { text: `${s.kind} that allocates through ${s.runtimeCall ?? 'the heap'}` },
        fullDescription: { text: 'A value becomes an interface (or is moved to the heap for one) and the compiler emitted a heap allocation for it.' },
        helpUri: `${TOOL_URI}/blob/main/docs/cli.md`,
        defaultConfiguration: { level: 'note' },
      });
    }
    results.push({
      ruleId: id,
      level: 'note',
      message: { text: `${s.bytesPerOp} B, ${s.allocsPerOp} alloc per execution in ${s.function}: ${s.reason}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: s.position.file, uriBaseId: s.position.file.startsWith('/') ? undefined : 'SRCROOT' },
            region: { startLine: s.position.line, startColumn: s.position.column },
          },
          logicalLocations: [{ fullyQualifiedName: s.function, kind: 'function' }],
        },
      ],
      properties: {
        allocsPerOp: s.allocsPerOp,
        bytesPerOp: s.bytesPerOp,
        objectSize: s.objectSize,
        runtimeCall: s.runtimeCall,
        function: s.function,
      },
    });
  }
  for (const f of r.findings) {
    // the rule's metadata is its check's (src/checks/)
    const check = checkOfRule(f.rule);
    const level = check?.level ?? 'warning';
    if (!rules.has(f.rule)) {
      rules.set(f.rule, {
        id: f.rule,
        name: f.rule.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
        shortDescription: { text: check?.rules.find((x) => x.id === f.rule)?.short ?? f.rule },
        fullDescription: { text: check?.doc ?? f.rule },
        helpUri: `${TOOL_URI}/blob/main/${check?.docPage ?? 'docs/cli.md'}`,
        defaultConfiguration: { level },
      });
    }
    const loc = (p: { file: string; line: number; column: number }) => ({
      physicalLocation: {
        artifactLocation: { uri: p.file, uriBaseId: p.file.startsWith('/') ? undefined : 'SRCROOT' },
        region: { startLine: p.line, startColumn: p.column },
      },
    });
    const res: Result = {
      ruleId: f.rule,
      level,
      message: { text: f.message },
      locations: [{ ...loc(f.position), logicalLocations: [{ fullyQualifiedName: f.function, kind: 'function' }] }],
      properties: { concrete: f.concrete, iface: f.iface, nilKind: f.nilKind, generated: f.generated },
    };
    if (f.related.length) res.relatedLocations = f.related.map((rel, i) => ({ id: i + 1, ...loc(rel.position), message: { text: rel.message } }));
    if (f.fix) {
      res.fixes = [
        {
          description: { text: f.fix.description },
          artifactChanges: [
            {
              artifactLocation: { uri: f.position.file, uriBaseId: f.position.file.startsWith('/') ? undefined : 'SRCROOT' },
              replacements: [{ deletedRegion: f.fix.region, insertedContent: { text: f.fix.text } }],
            },
          ],
        },
      ];
    }
    results.push(res);
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

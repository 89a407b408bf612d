// SARIF 2.1.0 for `ifacelens layout`: one result per struct whose reorder pays, with the
// reordered declaration as a fix that replaces the struct type expression.
import type { Log, Result } from 'sarif';
import type { LayoutRunReport } from '../contract/layout.js';
import { TOOL_URI } from './sarif.js';

export function renderLayoutSarif(r: LayoutRunReport, version: string, dir: string): string {
  const results: Result[] = [];
  for (const t of r.types) {
    if (!t.optimal.worthIt || !t.position) continue;
    const res: Result = {
      ruleId: 'layout/reorder',
      level: 'note',
      message: { text: `${t.name}: ${t.optimal.verdict}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: t.position.file, uriBaseId: 'SRCROOT' },
            region: { startLine: t.position.line, startColumn: t.position.column },
          },
        },
      ],
      properties: {
        size: t.size,
        optimalSize: t.optimal.size,
        ptrBytes: t.ptrBytes,
        optimalPtrBytes: t.optimal.ptrBytes,
        savesBytes: t.optimal.savesBytes,
        order: t.optimal.order,
      },
    };
    if (t.optimal.declaration && t.typeRange) {
      const structText = t.optimal.declaration.replace(/^type \S+ /, '');
      res.fixes = [
        {
          description: { text: `reorder the fields of ${t.name.replace(/^.*\./, '')}: ${t.size} → ${t.optimal.size} B` },
          artifactChanges: [
            {
              artifactLocation: { uri: t.typeRange.file, uriBaseId: 'SRCROOT' },
              replacements: [
                {
                  deletedRegion: {
                    startLine: t.typeRange.start.line,
                    startColumn: t.typeRange.start.column,
                    endLine: t.typeRange.end.line,
                    endColumn: t.typeRange.end.column,
                  },
                  insertedContent: { text: structText },
                },
              ],
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
        tool: {
          driver: {
            name: 'ifacelens',
            version,
            informationUri: TOOL_URI,
            rules: [
              {
                id: 'layout/reorder',
                name: 'StructReorder',
                shortDescription: { text: 'a field order that lowers the size class or the pointer bytes' },
                fullDescription: {
                  text: "Reordering the fields of this struct makes each boxed or new'ed object smaller (a lower malloc size class) or lets the GC scan fewer bytes.",
                },
                helpUri: `${TOOL_URI}/blob/main/docs/cli.md`,
                defaultConfiguration: { level: 'note' },
              },
            ],
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${dir.endsWith('/') ? dir : dir + '/'}` } },
        results,
        properties: { go: r.go },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

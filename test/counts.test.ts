// One counting rule (docs/json-schema.md): the text report's package headers and footer, the JSON
// stats and the per-package figures of the web UI all count site instances by the package whose
// code runs them, allocating = `allocates === true`, unknown apart. A module with an uninstantiated
// generic (unknown cost) and code inlined across packages used to give different totals.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline/analyze.js';
import { renderText } from '../src/report/text.js';
import { tempModule } from './module.js';

const module = (files: Record<string, string>) => tempModule(files, 'ifacelens-counts-');

describe('counting rule', () => {
  it('headers, footer and stats agree', async () => {
    const dir = module({
      'lib/lib.go':
        'package lib\n\nvar Sink any\n\nfunc Box(n int) any { return n }\n\n// Never instantiated here: its cost is unknown.\nfunc G[T any](v T) any { return v }\n',
      'app/app.go': 'package app\n\nimport "example.com/m/lib"\n\nvar S any\n\nfunc Use(n int) { S = lib.Box(n) }\n',
    });
    const { report } = await analyze({ dir, patterns: ['./...'] });
    const text = renderText(report, { all: true, color: false });
    const headers = [...text.matchAll(/^(\S+) {2}(\d+) of (\d+) sites? allocates?(?:, (\d+) unknown)?$/gm)];
    const sum = (k: number) => headers.reduce((n, h) => n + Number(h[k] ?? 0), 0);
    expect(sum(2)).toBe(report.stats.allocatingSites);
    expect(sum(3)).toBe(report.stats.sites);
    expect(sum(4)).toBe(report.stats.unknownSites);
    expect(report.stats.unknownSites).toBeGreaterThan(0);
    expect(report.stats.allocatingSites).toBe(report.sites.filter((s) => s.allocates === true).length);
    const footer = /^(\d+) sites?, (\d+) allocates?, (\d+) unknown/m.exec(text);
    expect(footer?.slice(1).map(Number)).toEqual([report.stats.sites, report.stats.allocatingSites, report.stats.unknownSites]);
    // lib.Box inlined into app.Use counts in app, where its code runs
    const app = headers.find((h) => h[1] === 'example.com/m/app');
    expect(Number(app?.[2])).toBe(1);
    expect(report.functions.find((f) => f.function === 'example.com/m/app.Use')?.package).toBe('example.com/m/app');
  });
});

import { describe, expect, it } from 'vitest';
import { sarifErrors } from '../../test/sarif-schema.js';
import { renderSarif } from './sarif.js';
import type { Report } from '../contract/report.js';

const report: Report = {
  schemaVersion: 1,
  go: { version: 'go1.26.8', goos: 'linux', goarch: 'amd64' },
  dir: '/m',
  patterns: ['./...'],
  packages: ['example.com/m'],
  sites: [
    {
      kind: 'convert',
      position: { file: 'a.go', line: 5, column: 26 },
      package: 'example.com/m',
      function: 'example.com/m.F',
      functionPackage: 'example.com/m',
      context: 'assign',
      operand: 'n',
      allocates: true,
      allocsPerOp: 1,
      bytesPerOp: 8,
      objectSize: 8,
      allocPath: 'tiny',
      sizeClass: 2,
      runtimeCall: 'runtime.convT64',
      freeWhen: 'value < 256',
      escapes: true,
      verified: true,
      cause: 'runtime-helper',
      verdict: { rule: 'helper' },
      reason: 'int64 (8 B): runtime.convT64',
      executionsPerCall: 1,
      conditional: false,
    },
    {
      kind: 'convert',
      position: { file: 'a.go', line: 6, column: 9 },
      package: 'example.com/m',
      function: 'example.com/m.G',
      functionPackage: 'example.com/m',
      context: 'assign',
      allocates: false,
      allocsPerOp: 0,
      bytesPerOp: 0,
      objectSize: null,
      runtimeCall: null,
      escapes: true,
      verified: true,
      cause: 'static-data',
      verdict: { rule: 'constant' },
      reason: 'constant: read-only static data',
      executionsPerCall: 1,
      conditional: false,
    },
  ],
  functions: [],
  checks: [],
  findings: [],
  stats: { sites: 2, allocatingSites: 1, unknownSites: 0, unrecognizedCompilerLines: 0, unverifiedSites: 0 },
};

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 with one result per allocating site', () => {
    const log = JSON.parse(renderSarif(report, '0.1.0'));
    expect(sarifErrors(log)).toBe('');
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0]).toMatchObject({
      ruleId: 'convert/convT64',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'a.go' }, region: { startLine: 5, startColumn: 26 } } }],
      properties: { bytesPerOp: 8, allocsPerOp: 1 },
    });
  });
});

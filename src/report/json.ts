// The JSON contract (docs/json-schema.md): stable key order, two-space indent.
import type { Report } from '../contract/report.js';

export function renderJson(r: Report): string {
  return JSON.stringify(r, null, 2) + '\n';
}

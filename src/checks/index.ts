// Every check, once. Adding a check: a file beside this one exporting a Check, one line here, a
// fixture (CONTRIBUTING.md).
import type { Check } from './check.js';
import { typedNil } from './typed-nil.js';
import { budget } from './budget.js';

export type { Check } from './check.js';

export const CHECKS: readonly Check[] = [typedNil, budget];

/** The check of a name, or undefined. */
export function checkNamed(name: string): Check | undefined {
  return CHECKS.find((c) => c.name === name);
}

/** The check a rule id belongs to. */
export function checkOfRule(rule: string): Check | undefined {
  return CHECKS.find((c) => c.rules.some((r) => r.id === rule));
}

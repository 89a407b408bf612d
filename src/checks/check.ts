// A check is a value: its name, what it finds, how its findings are rendered in SARIF, and the
// function that finds them (x/tools' analysis.Analyzer{Name, Doc, Run} is the model). Every check
// is registered once, in index.ts; the pipeline runs them, the renderers read their metadata, and
// all findings share the one Finding type (knip's single Issue type for every reporter).
import type { FactStore } from '../facts/store.js';
import type { Finding, SiteReport } from '../contract/report.js';

/** What a check's run sees: the facts, the judged sites, and the analysed files' own lines. */
export interface CheckContext {
  store: FactStore;
  sites: SiteReport[];
  dir: string;
  /** a line of one of the analysed packages' own files (never a file a //line directive names) */
  lineOf: (file: string, line: number) => string | undefined;
  /** all lines of one of those files */
  linesOf: (file: string) => string[] | undefined;
  /** whether one of those files holds a string (read without keeping it) */
  fileIncludes: (file: string, needle: string) => boolean;
  /** keep findings in generated files (`// Code generated ... DO NOT EDIT.`) */
  generated: boolean;
}

/** Input a check cannot accept (a malformed directive): one line naming file:line; exit status 2. */
export class CheckInputError extends Error {}

/** One rule of a check: a SARIF reportingDescriptor's worth of metadata. */
export interface CheckRule {
  id: string;
  /** one line: what a finding of this rule means */
  short: string;
}

export interface Check {
  /** e.g. "typed-nil": the --no-<name> flag, Finding.check */
  name: string;
  /** a paragraph: what it finds and why it matters (SARIF fullDescription, --help) */
  doc: string;
  /** the page that explains it, relative to the repository (docs/typed-nil.md) */
  docPage: string;
  /** the helper check that emits this check's records (`-checks=<name>`, HCheckInfo.name), if it needs one */
  helper?: string;
  /** SARIF level of its findings */
  level: 'error' | 'warning' | 'note';
  rules: CheckRule[];
  /** "typed-nil finding", "typed-nil findings" */
  noun: [one: string, many: string];
  /** the text report's footer counts its findings always, or only when there are some (a check
   *  that applies only where the code asks for it, like budgets) */
  footer: 'always' | 'when-found';
  run(ctx: CheckContext): Finding[];
}

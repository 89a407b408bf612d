// Findings (typed nil and other checks): report.findings, when the analysis has any.
import type { Finding } from '../api.js';
import { href } from '../route.js';
import { shortFn } from '../format.js';

export type { Finding };

export const isTypedNil = (f: Finding) => f.check === 'typed-nil';

/** The check's name in words: "typed nil". */
export function findingBadge(f: Finding): string {
  return f.check.replace(/-/g, ' ');
}

/** A finding's identity, stable when the list is filtered. */
export const findingKey = (f: Finding) => `${f.rule}@${f.position.file}:${f.position.line}:${f.position.column}@${f.function}`;

/** `findings` (perhaps filtered) of the report's `all`: links name a finding by its index in `all`. */
export function Findings({ findings, all }: { findings: Finding[]; all: Finding[] }) {
  if (!findings.length) return null;
  return (
    <section class="findings" data-testid="findings">
      <h2>Findings</h2>
      <ul>
        {findings.map((f) => (
          <li key={findingKey(f)}>
            <span class="badge finding">{findingBadge(f)}</span>{' '}
            <a
              class="mono"
              href={href('source', { file: f.position.file, line: f.position.line, col: f.position.column, finding: all.indexOf(f), fn: f.function })}
            >
              {f.position.file}:{f.position.line}
            </a>{' '}
            {f.function && <span class="dim">{shortFn(f.function)}: </span>}
            {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

// Everything about one selected site: the numbers, the reason, the escape flow, and its memory
// diagram (or a finding with its typed-nil picture).
import type { Explanation, FunctionSummary, SiteReport } from '../api.js';
import { badgeText, bytes, allocs, severity, shortFn, shortType, siteWhat } from '../format.js';
import { MemoryDiagram, pictureCaption } from '../diagrams/memory.js';
import { findingBadge, isTypedNil, type Finding } from './findings.js';
import { reasonText } from '../../../src/report/reason.js';

export function SiteBadge({ s, onClick, selected, tabIndex }: { s: SiteReport; onClick?: (e: MouseEvent) => void; selected?: boolean; tabIndex?: number }) {
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      aria-pressed={selected}
      class={`badge site-badge sev-${severity(s)} ${selected ? 'selected' : ''}`}
      data-testid="site-badge"
      data-line={s.position.line}
      data-col={s.position.column}
      data-function={s.function}
      title={`${s.kind} · ${siteWhat(s)}${s.inlinedAt ? ` · inlined into ${shortFn(s.function)}` : ''}\n${reasonText(s)}`}
      onClick={(e) => {
        e.stopPropagation();
        onClick?.(e as unknown as MouseEvent);
      }}
    >
      {badgeText(s)}
      {s.inlinedAt ? <span class="inl"> ↳ {shortFn(s.function)}</span> : null}
    </button>
  );
}

export function Inspector({
  site,
  explanation,
  explainError,
  finding,
  findingExplanation,
  fn,
  loading,
}: {
  site?: SiteReport;
  explanation?: Explanation;
  explainError?: string;
  finding?: Finding;
  findingExplanation?: Explanation;
  fn?: FunctionSummary;
  loading?: boolean;
}) {
  if (finding) {
    return (
      <div class="inspector" data-testid="inspector">
        <h3>
          <span class="badge finding">{findingBadge(finding)}</span>{' '}
          <span class="mono">
            {finding.position.file}:{finding.position.line}
          </span>
        </h3>
        <p class="reason">{finding.message}</p>
        {finding.function && <p class="dim">in {finding.function}</p>}
        {finding.related.length > 0 && (
          <>
            <h4>Where it bites</h4>
            <ul class="flow">
              {finding.related.map((r, i) => (
                <li key={i}>
                  <span class="mono">
                    {r.position.file}:{r.position.line}{' '}
                  </span>
                  {r.message}
                </li>
              ))}
            </ul>
          </>
        )}
        {finding.fix && (
          <>
            <h4>
              Fix <span class="dim">{finding.fix.description}</span>
            </h4>
            <pre class="decl" data-testid="finding-fix">
              {finding.fix.text}
            </pre>
          </>
        )}
        {isTypedNil(finding) && findingExplanation && (
          <figure>
            <MemoryDiagram ex={findingExplanation} typedNil />
            <figcaption>
              {(findingExplanation.typedNil?.words ?? []).map((w) => `${w.name}: ${w.description}`).join(' · ') ||
                'The tab word is set and the data word is nil: the interface is not nil.'}
            </figcaption>
          </figure>
        )}
      </div>
    );
  }
  if (!site) {
    return (
      <div class="inspector empty" data-testid="inspector">
        {fn ? (
          <div>
            <h3>{shortFn(fn.function)}</h3>
            <p>
              <b>{bytes(fn.bytesPerCall)}</b> and <b>{allocs(fn.allocsPerCall)}</b> per call from {fn.sites} allocating site{fn.sites === 1 ? '' : 's'}.
            </p>
            {fn.notes && (
              <ul class="notes">
                {fn.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        <p class="hint">
          Click a site badge to see why it costs what it costs and its memory picture; click source lines (shift-click for a range) to highlight their
          instructions. From the keyboard: the arrow keys move between lines (with shift, a range), n and p jump to the next and previous line with sites, Tab
          reaches that line's badges, Enter opens one.
        </p>
      </div>
    );
  }
  const s = site;
  return (
    <div class="inspector" data-testid="inspector">
      <h3>
        <span class={`badge sev-${severity(s)}`} data-testid="inspector-badge">
          {badgeText(s)}
        </span>{' '}
        <span class="mono">
          {s.position.file}:{s.position.line}:{s.position.column}
        </span>
      </h3>
      <p class="what">
        {s.kind}: {siteWhat(s)}
      </p>
      <p class="reason" data-testid="reason">
        {reasonText(s)}
      </p>
      {s.freeWhen && (
        <p class="note">
          Free at run time when <b>{s.freeWhen}</b>; the figures assume it allocates.
        </p>
      )}
      <dl class="facts">
        <dt>function</dt>
        <dd title={s.function}>
          {shortFn(s.function)}
          {s.sourceFunction ? <span class="dim"> (written in {shortFn(s.sourceFunction)})</span> : null}
        </dd>
        {s.inlinedAt && (
          <>
            <dt>inlined</dt>
            <dd>{s.inlinedAt.map((f) => `${shortFn(f.function)} at ${f.callSite.file}:${f.callSite.line}`).join(' → ')}</dd>
          </>
        )}
        <dt>per execution</dt>
        <dd>
          {s.allocates ? `${bytes(s.bytesPerOp)}, ${allocs(s.allocsPerOp)}` : s.allocates === null ? 'unknown' : 'no allocation'}
          {s.objectSize !== null && s.allocates ? (
            <span class="dim">
              {' '}
              (object {s.objectSize} B{s.allocPath ? `, ${s.allocPath}` : ''}
              {s.sizeClass ? `, size class ${s.sizeClass}` : ''})
            </span>
          ) : null}
        </dd>
        <dt>runtime call</dt>
        <dd class="mono">
          {s.runtimeCall ?? '—'}
          {s.verified ? '' : <span class="warn"> (not found in the machine code)</span>}
        </dd>
        {s.dataWord && (
          <>
            <dt>data word</dt>
            <dd>{s.dataWord}</dd>
          </>
        )}
        <dt>context</dt>
        <dd>
          {s.context}
          {s.operand ? <span class="mono"> {s.operand}</span> : null}
        </dd>
        {s.target && (
          <>
            <dt>interface</dt>
            <dd class="mono">
              {shortType(s.target.type)}
              {s.target.itab ? ` (itab: ${s.target.itab})` : ''}
            </dd>
          </>
        )}
        <dt>executions/call</dt>
        <dd>
          {s.executionsPerCall ?? 'not constant'}
          {s.conditional ? ' · conditional' : ''}
        </dd>
      </dl>
      {s.escapeFlow && s.escapeFlow.length > 0 && (
        <div class="escape">
          <h4>
            Why it escapes <span class="dim">(the compiler's -m=2)</span>
          </h4>
          <ol class="flow" data-testid="escape-flow">
            {s.escapeFlow.map((l, i) => (
              <li key={i} class="mono">
                {l}
              </li>
            ))}
          </ol>
        </div>
      )}
      <h4>Memory</h4>
      {explanation ? (
        <figure>
          <MemoryDiagram ex={explanation} />
          <figcaption data-testid="memory-caption">{pictureCaption(explanation)}</figcaption>
        </figure>
      ) : explainError ? (
        <p class="dim">{explainError}</p>
      ) : loading ? (
        <p class="dim">Drawing…</p>
      ) : (
        <p class="dim">No memory picture for this site.</p>
      )}
    </div>
  );
}

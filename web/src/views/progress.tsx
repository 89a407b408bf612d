// The views that show one GOARCH's analysis wait here for it: an analysis for another GOARCH is a
// full build of the packages (seconds on a real module), so this shows what it is doing — queued
// behind another, its current stage, the time so far against the time the first analysis took —
// instead of the previous target's figures. A refusal (429: too many analyses waiting) says so.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type AnalysisStatus, type Meta, type StatusResponse } from '../api.js';

type Gate = { goarch: string; ready: boolean; error?: Error };

export function AnalysisGate({ meta, goarch, onGoarch, children }: { meta: Meta; goarch: string; onGoarch: (g: string) => void; children: ComponentChildren }) {
  const [gate, setGate] = useState<Gate>(() => ({ goarch, ready: api.reportReady(goarch) }));
  const [attempt, setAttempt] = useState(0);
  /** the last GOARCH whose analysis was shown: where "back" goes */
  const [shown, setShown] = useState(meta.goarch);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the Retry button's way to ask again
  useEffect(() => {
    const ac = new AbortController();
    if (api.reportReady(goarch)) {
      setGate({ goarch, ready: true });
      setShown(goarch);
      return;
    }
    setGate({ goarch, ready: false });
    api.report(goarch, ac.signal).then(
      () => {
        if (ac.signal.aborted) return;
        setGate({ goarch, ready: true });
        setShown(goarch);
      },
      (error: Error) => {
        if (!ac.signal.aborted) setGate({ goarch, ready: false, error });
      },
    );
    // Leaving before it is done (another GOARCH, another view): the request goes, and with its last
    // requester the server cancels the build.
    return () => ac.abort();
  }, [goarch, attempt]);
  if (gate.goarch === goarch && gate.ready) return <>{children}</>;
  const back = shown !== goarch ? shown : undefined;
  return (
    <Progress
      meta={meta}
      goarch={goarch}
      error={gate.goarch === goarch ? gate.error : undefined}
      onRetry={() => setAttempt((n) => n + 1)}
      onBack={back ? () => onGoarch(back) : undefined}
      back={back}
    />
  );
}

const STAGES = [/helper/, /^compiling/, /^loading types/, /^joining/];

function Progress({
  meta,
  goarch,
  error,
  onRetry,
  onBack,
  back,
}: {
  meta: Meta;
  goarch: string;
  error?: Error;
  onRetry: () => void;
  onBack?: () => void;
  back?: string;
}) {
  const [status, setStatus] = useState<StatusResponse>();
  const [since] = useState(() => performance.now());
  const [, tick] = useState(0);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.status().then(
        (s) => {
          if (!live) return;
          setStatus(s);
          timer = setTimeout(poll, 400);
        },
        () => {
          if (live) timer = setTimeout(poll, 1000);
        },
      );
    };
    poll();
    const t = setInterval(() => tick((n) => n + 1), 200);
    return () => {
      live = false;
      clearTimeout(timer);
      clearInterval(t);
    };
  }, []);
  const mine = status?.analyses.find((a) => a.goarch === goarch);
  const first = status?.analyses.find((a) => a.goarch === status.defaultGoarch);
  const running = status?.analyses.find((a) => a.state === 'running' && a.goarch !== goarch);
  const busy = error instanceof ApiError && error.status === 429;
  const what = meta.patterns.join(' ');

  if (error && !busy) {
    return (
      <div class="progress-page" role="alert" data-testid="analysis-error">
        <h2>
          The analysis of {what} for {goarch} failed
        </h2>
        <p class="error">{error.message}</p>
        <p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>{' '}
          {onBack && (
            <button type="button" onClick={onBack}>
              Back to {back}
            </button>
          )}
        </p>
      </div>
    );
  }
  if (busy) {
    const others = (status?.analyses ?? []).filter((a) => a.state !== 'done');
    return (
      <div class="progress-page" role="alert" data-testid="analysis-busy">
        <h2>The server is busy: {goarch} was not started</h2>
        <p>
          {error.message}. It analyses one GOARCH at a time and keeps at most {status?.maxWaiting ?? 2} waiting; each is a full build of {what}.
        </p>
        {others.length > 0 && (
          <ul class="status-list">
            {others.map((a) => (
              <li key={a.goarch}>{describe(a)}</li>
            ))}
          </ul>
        )}
        <p>
          <button type="button" onClick={onRetry} data-testid="analysis-retry">
            Try {goarch} again
          </button>{' '}
          {onBack && (
            <button type="button" onClick={onBack}>
              Back to {back}
            </button>
          )}
        </p>
      </div>
    );
  }
  // Elapsed time: the server's when it has an entry for this GOARCH, else the page's own.
  const runningMs = mine?.state === 'running' ? (mine.runningMs ?? 0) : 0;
  const elapsed = mine?.waitedMs ?? performance.now() - since;
  const typical = first?.durationMs;
  const stage = mine?.stage;
  const step = stage ? STAGES.findIndex((r) => r.test(stage)) + 1 : 0;
  // An estimate from the first analysis (warm build cache); past it, the bar says only that it works.
  const longer = !!typical && runningMs > typical;
  const fraction = mine?.state === 'running' && typical && !longer ? Math.min(0.95, runningMs / typical) : undefined;
  return (
    <div class="progress-page" aria-busy="true" data-testid="analysis-progress" data-goarch={goarch} data-state={mine?.state ?? 'asking'}>
      <h2>
        Analysing {what} for {meta.go.goos}/{goarch}…
      </h2>
      <p class="dim">Another target is a full build of the packages with the compiler's escape log and assembly; its figures appear here when it is done.</p>
      {mine?.state === 'queued' ? (
        <p data-testid="analysis-stage">
          Waiting for {running ? `the analysis for ${running.goarch} (${secs(running.runningMs)} so far)` : 'another analysis'} to finish
          {mine.ahead ? `, then ${mine.ahead} more` : ''}.
        </p>
      ) : (
        <p data-testid="analysis-stage">
          {mine?.state === 'done' ? (
            'Done; loading the results…'
          ) : stage ? (
            <>
              {step > 0 ? `Step ${step} of ${STAGES.length}: ` : ''}
              {stage}
            </>
          ) : (
            'Starting…'
          )}
        </p>
      )}
      <progress max={1} value={fraction} aria-label={`analysis for ${goarch}`} />
      <p class="dim" data-testid="analysis-elapsed">
        {secs(elapsed)} so far
        {typical ? ` · the ${status?.defaultGoarch} analysis took ${secs(typical)}` : ''}
        {longer ? `; a first build for ${goarch} also compiles the standard library for it, which takes longer` : ''}
      </p>
      {onBack && (
        <p>
          <button type="button" onClick={onBack} data-testid="analysis-back">
            Cancel: back to {back}
          </button>
        </p>
      )}
    </div>
  );
}

const secs = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

function describe(a: AnalysisStatus): string {
  if (a.state === 'queued') return `${a.goarch}: waiting (${secs(a.waitedMs)})`;
  return `${a.goarch}: ${a.stage ?? 'running'} (${secs(a.runningMs)})`;
}

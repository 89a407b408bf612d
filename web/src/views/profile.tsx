// With --profile: the interface sites ranked by the bytes the profile measured, with their share.
import { api, type Meta } from '../api.js';
import { useAsync } from '../hooks.js';
import { num, pct, shortFn, siteWhat, stableKeys } from '../format.js';
import { href } from '../route.js';
import { Pager, usePage } from './pager.js';

export function ProfileView({ meta, goarch }: { meta: Meta; goarch: string }) {
  const r = useAsync(() => (meta.profile ? api.profile() : undefined), [meta.profile]);
  const page = usePage(r.data?.sites.length ?? 0, 25, '');
  if (!meta.profile) {
    return (
      <div class="empty-page">
        <h2>No profile</h2>
        <p>Start the server with a pprof allocation profile to rank the sites by what they really allocated:</p>
        <pre>go test -bench . -memprofile mem.pprof -memprofilerate 1{'\n'}ifacelens serve --profile mem.pprof</pre>
      </div>
    );
  }
  if (r.error) return <div class="error">{r.error.message}</div>;
  if (!r.data) return <div class="loading">Reading the profile…</div>;
  const p = r.data;
  const keys = stableKeys(p.sites, (s) => `${s.position.file}:${s.position.line}:${s.position.column}@${s.function}`).slice(page.start, page.end);
  const unit = /space/.test(p.profile.sampleIndex) ? 'B' : 'objects';
  return (
    <div class="profile-view">
      <section class="cards">
        <div class="card">
          <div class="value" data-testid="profile-total">
            {num(p.profile.total)} {unit}
          </div>
          <div class="label">{p.profile.sampleIndex} in the profile</div>
        </div>
        <div class="card hot">
          <div class="value">{pct(p.interfaces.share)}</div>
          <div class="label">
            at interface sites ({num(p.interfaces.total)} {unit})
          </div>
        </div>
        <div class="card">
          <div class="value">{p.profile.exact ? 'exact' : 'sampled'}</div>
          <div class="label">{p.profile.exact ? 'every allocation recorded' : `MemProfileRate ${num(p.profile.period)}: scaled estimates`}</div>
        </div>
        <div class="card meta-card">
          <div class="label">{p.profile.source}</div>
          <div class="small">{p.profile.samples} samples</div>
        </div>
      </section>
      {goarch !== meta.goarch && (
        <p class="notice-inline" data-testid="profile-goarch">
          The profile is joined with the {meta.goarch} analysis (the server's target), not {goarch}: a profile records the program as it ran on one target.
        </p>
      )}
      <table class="grid" data-testid="profile-sites">
        <thead>
          <tr>
            <th>share</th>
            <th class="num">bytes</th>
            <th class="num">objects</th>
            <th>where</th>
            <th>what</th>
            <th>function</th>
          </tr>
        </thead>
        <tbody>
          {p.sites.slice(page.start, page.end).map((s, i) => (
            <tr key={keys[i]} data-site={`${s.position.file}:${s.position.line}`}>
              <td class="share" data-testid="profile-share">
                <span class="bar" style={`width:${Math.max(1, s.share * 100)}%`} /> <span>{pct(s.share)}</span>
              </td>
              <td class="num" data-testid="profile-bytes">
                {s.allocBytes === null ? '—' : num(s.allocBytes)}
              </td>
              <td class="num">{s.allocObjects === null ? '—' : num(s.allocObjects)}</td>
              <td class="mono">
                <a href={href('source', { file: s.position.file, line: s.position.line, col: s.position.column, fn: s.function })}>
                  {s.position.file}:{s.position.line}
                </a>
              </td>
              <td>
                {siteWhat(s.static)}
                {s.ambiguous ? (
                  <span class="warn" title="several sites on this line; samples split evenly">
                    {' '}
                    (ambiguous)
                  </span>
                ) : null}
                {s.note ? (
                  <span class="note-icon" title={s.note}>
                    i
                  </span>
                ) : null}
              </td>
              <td title={s.function}>{shortFn(s.function)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} noun="sites" testid="profile-pager" />
      {p.sites.length === 0 && <p class="dim">None of the profile's samples is at an interface site.</p>}
    </div>
  );
}

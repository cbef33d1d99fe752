import type {
  AccountView,
  CollectorView,
  FailingAccount,
  LandingView,
  PostureView,
  ScanView,
} from './types.js';

/**
 * A self-contained HTML page (no external assets): a summary of all accounts, failing ones
 * listed first, then per account and scan where things stand, a page of accounts at a time.
 * Every part is built in one pass over its input, so the cost is linear in what is shown.
 */
export function renderLandingPage(view: LandingView): string {
  const now = view.now.getTime();
  const accounts = view.accounts.map((a) => renderAccount(a, now)).join('\n');
  const pager = renderPager(view.page, view.pages);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="15">
<title>Tencent Cloud Scan Exporter</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
table{border-collapse:collapse;width:100%;max-width:72rem}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:middle}
th{background:#f6f8fa;font-weight:600}.muted{color:#59636e}.err{color:#cf222e}.ok{color:#1a7f37}
.bar{width:10rem;height:.8rem;background:#eaeef2;border-radius:.4rem;overflow:hidden;display:inline-block;vertical-align:middle}
.bar>span{display:block;height:100%;background:#0969da}
.state{padding:.1rem .5rem;border-radius:1rem;font-size:.85rem;background:#eaeef2}
.state-scanning{background:#ddf4ff;color:#0969da}.state-completed{background:#dafbe1;color:#1a7f37}
.state-stopping,.state-stopped{background:#fff8c5;color:#9a6700}.state-unknown,.state-failed{background:#ffebe9;color:#cf222e}
.counts{font-size:1.05rem}.counts span{margin-right:1.25rem}nav.pages{margin:1rem 0}nav.pages a,nav.pages strong{margin-right:.5rem}
</style>
</head>
<body>
<h1>Tencent Cloud Scan Exporter</h1>
<p class="muted">Version ${esc(view.version)} · ${view.ready ? 'ready' : 'first collection round still running'} · metrics at <a href="${esc(view.telemetryPath)}">${esc(view.telemetryPath)}</a> · <a href="/-/healthy">health</a> · <a href="/-/ready">readiness</a> · <a href="/runbook">runbook</a></p>
${renderSummary(view, now)}
${pager}
${accounts || (view.summary.accounts === 0 ? '<p class="muted">No accounts configured.</p>' : '')}
${view.pages > 1 ? pager : ''}
</body>
</html>
`;
}

function renderSummary(view: LandingView, now: number): string {
  const { accounts, failing, pending, failingAccounts } = view.summary;
  const healthy = accounts - failing - pending;
  const counts = `<p class="counts"><span><strong>${accounts}</strong> account${accounts === 1 ? '' : 's'}</span><span class="${failing > 0 ? 'err' : 'muted'}" data-count="failing"><strong>${failing}</strong> failing</span><span class="ok" data-count="ok"><strong>${healthy}</strong> ok</span>${pending > 0 ? `<span class="muted" data-count="pending"><strong>${pending}</strong> waiting for their first round</span>` : ''}</p>`;
  if (failingAccounts.length === 0) return `<section class="summary">\n${counts}\n</section>`;
  const rows = failingAccounts.map((f) => renderFailing(f, view.page, now)).join('');
  const more =
    failing > failingAccounts.length
      ? `<p class="muted">… and ${failing - failingAccounts.length} more failing accounts on the following pages.</p>`
      : '';
  return `<section class="summary">
${counts}
<table class="failing"><thead><tr><th>Failing account</th><th>Collector</th><th>Error</th><th>Last success</th></tr></thead>
<tbody>${rows}</tbody></table>
${more}
</section>`;
}

function renderFailing(f: FailingAccount, currentPage: number, now: number): string {
  const href = `${f.page === currentPage ? '' : `?page=${f.page}`}#account-${encodeURIComponent(f.account)}`;
  return f.failing
    .map(
      (c, i) =>
        `<tr class="failing-account" data-account="${esc(f.account)}">${i === 0 ? `<td rowspan="${f.failing.length}"><a href="${esc(href)}">${esc(f.account)}</a></td>` : ''}<td>${esc(c.collector)}</td><td>${c.lastError ? `<span class="err">${esc(c.lastError.code)}</span>` : '<span class="err">failing</span>'}</td><td>${c.lastSuccess ? time(c.lastSuccess.getTime(), now) : '<span class="muted">never</span>'}</td></tr>`,
    )
    .join('');
}

function renderPager(page: number, pages: number): string {
  if (pages <= 1) return '';
  const link = (n: number, text: string) => `<a href="?page=${n}">${text}</a>`;
  const parts: string[] = [];
  if (page > 1) parts.push(link(page - 1, '← previous'));
  // First, last and the pages around this one: the pager stays small however many pages there are.
  let last = 0;
  for (const n of [1, page - 2, page - 1, page, page + 1, page + 2, pages]) {
    if (n < 1 || n > pages || n <= last) continue;
    if (n > last + 1) parts.push('<span class="muted">…</span>');
    parts.push(n === page ? `<strong>${n}</strong>` : link(n, String(n)));
    last = n;
  }
  if (page < pages) parts.push(link(page + 1, 'next →'));
  return `<nav class="pages" aria-label="Account pages">Page ${page} of ${pages}: ${parts.join(' ')}</nav>`;
}

function renderAccount(account: AccountView, now: number): string {
  const scans = account.scans.map((s) => renderScan(s, now)).join('');
  const collectors = account.collectors.map((c) => renderCollector(c, now)).join('');
  return `<section class="account" data-account="${esc(account.account)}" id="account-${esc(account.account)}">
<h2>Account ${esc(account.account)}</h2>
${account.posture ? renderPosture(account.posture, now) : ''}<table><thead><tr><th>Product</th><th>Scan</th><th>State</th><th>Progress</th><th>Risks</th><th>Remaining</th><th>Last finished</th></tr></thead>
<tbody>${scans || '<tr><td colspan="7" class="muted">No scan data yet.</td></tr>'}</tbody></table>
<table><thead><tr><th>Collector</th><th>Status</th><th>Last success</th><th>Last error</th></tr></thead>
<tbody>${collectors || '<tr><td colspan="4" class="muted">No collection round finished yet.</td></tr>'}</tbody></table>
</section>`;
}

/** One line: `Posture: findings 2 critical, 9 high …; 5 images never scanned; …`, known parts only. */
function renderPosture(p: PostureView, now: number): string {
  const parts: string[] = [];
  const listed = (record: Readonly<Record<string, number>>, word = '') =>
    Object.entries(record)
      .map(([k, v]) => `${v} ${esc(k)}${word}`)
      .join(', ');
  if (p.findings) parts.push(`findings ${listed(p.findings)}`);
  if (p.unscannedImages !== undefined) parts.push(`${p.unscannedImages} images never scanned`);
  if (p.hostsWithoutAgent) parts.push(`hosts without agent ${listed(p.hostsWithoutAgent)}`);
  if (p.agentsOffline !== undefined)
    parts.push(`${p.agentsOffline}${p.agents === undefined ? '' : ` of ${p.agents}`} agents offline`);
  if (p.baselinePass !== undefined) parts.push(`baseline ${Math.round(p.baselinePass * 100)}% passed`);
  if (p.latestScan)
    parts.push(
      `latest scan ${Object.entries(p.latestScan)
        .map(([product, at]) => `${esc(product)} ${time(at * 1000, now)}`)
        .join(', ')}`,
    );
  if (p.licencesExpiring) parts.push(`<span class="err">${p.licencesExpiring} licences expiring</span>`);
  return `<p class="posture">Posture: ${parts.join('; ')}</p>\n`;
}

function renderScan(scan: ScanView, now: number): string {
  const name = scan.detail ? `${scan.scan} (${scan.detail})` : scan.scan;
  const percent = scan.progress === undefined ? undefined : Math.round(scan.progress * 100);
  const progress =
    percent === undefined
      ? '<span class="muted">–</span>'
      : `<span class="bar" role="progressbar" aria-valuenow="${percent}" aria-valuemin="0" aria-valuemax="100"><span style="width:${percent}%"></span></span> ${percent}%`;
  const state = scan.state ?? 'unknown';
  return `<tr class="scan"><td>${esc(scan.product)}</td><td>${esc(name)}</td><td><span class="state state-${esc(state)}">${esc(state.replace('_', ' '))}</span></td><td>${progress}</td><td>${num(scan.risks)}</td><td>${duration(scan.remainingSeconds)}</td><td>${scan.endTimestamp === undefined ? '<span class="muted">–</span>' : time(scan.endTimestamp * 1000, now)}</td></tr>`;
}

function renderCollector(c: CollectorView, now: number): string {
  const status = c.ok ? '<span class="ok">ok</span>' : '<span class="err">failing</span>';
  const error = c.lastError
    ? `<span class="err">${esc(c.lastError.code)}</span>: ${esc(c.lastError.message)} <span class="muted">(${time(c.lastError.at.getTime(), now)})</span>`
    : '<span class="muted">none</span>';
  return `<tr class="collector"><td>${esc(c.collector)}</td><td>${status}</td><td>${c.lastSuccess ? time(c.lastSuccess.getTime(), now) : '<span class="muted">never</span>'}</td><td>${error}</td></tr>`;
}

function num(value: number | undefined): string {
  return value === undefined ? '<span class="muted">–</span>' : String(value);
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '<span class="muted">–</span>';
  return esc(spoken(seconds));
}

/** `1h 5m`, `3m 20s`, `45s`. */
function spoken(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** `3m 20s ago` (or `in …`), with the exact UTC time in the tooltip and the `datetime` attribute. */
function time(ms: number, now: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '<span class="muted">–</span>';
  const iso = date.toISOString();
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  const delta = (now - ms) / 1000;
  const relative =
    Math.abs(delta) < 1 ? 'just now' : delta > 0 ? `${spoken(delta)} ago` : `in ${spoken(delta)}`;
  return `<time datetime="${esc(iso)}" title="${esc(utc)}">${esc(relative)}</time>`;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

import type { AccountView, CollectorView, LandingView, ScanView } from './types.js';

/** A self-contained HTML page (no external assets): per account and scan, where things stand. */
export function renderLandingPage(view: LandingView): string {
  const accounts = view.accounts.map(renderAccount).join('\n');
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
.state-stopping,.state-stopped{background:#fff8c5;color:#9a6700}.state-unknown{background:#ffebe9;color:#cf222e}
</style>
</head>
<body>
<h1>Tencent Cloud Scan Exporter</h1>
<p class="muted">Version ${esc(view.version)} · ${view.ready ? 'ready' : 'first collection round still running'} · metrics at <a href="${esc(view.telemetryPath)}">${esc(view.telemetryPath)}</a> · <a href="/-/healthy">health</a> · <a href="/-/ready">readiness</a></p>
${accounts || '<p class="muted">No accounts configured.</p>'}
</body>
</html>
`;
}

function renderAccount(account: AccountView): string {
  const scans = account.scans.map(renderScan).join('');
  const collectors = account.collectors.map(renderCollector).join('');
  return `<section class="account" data-account="${esc(account.account)}">
<h2>Account ${esc(account.account)}</h2>
<table><thead><tr><th>Product</th><th>Scan</th><th>State</th><th>Progress</th><th>Risks</th><th>Remaining</th><th>Last finished</th></tr></thead>
<tbody>${scans || '<tr><td colspan="7" class="muted">No scan data yet.</td></tr>'}</tbody></table>
<table><thead><tr><th>Collector</th><th>Status</th><th>Last success</th><th>Last error</th></tr></thead>
<tbody>${collectors}</tbody></table>
</section>`;
}

function renderScan(scan: ScanView): string {
  const name = scan.strategyId ? `${scan.scan} (strategy ${scan.strategyId})` : scan.scan;
  const percent = scan.progress === undefined ? undefined : Math.round(scan.progress * 100);
  const progress =
    percent === undefined
      ? '<span class="muted">–</span>'
      : `<span class="bar" role="progressbar" aria-valuenow="${percent}" aria-valuemin="0" aria-valuemax="100"><span style="width:${percent}%"></span></span> ${percent}%`;
  const state = scan.state ?? 'unknown';
  return `<tr class="scan"><td>${esc(scan.product)}</td><td>${esc(name)}</td><td><span class="state state-${esc(state)}">${esc(state.replace('_', ' '))}</span></td><td>${progress}</td><td>${num(scan.risks)}</td><td>${duration(scan.remainingSeconds)}</td><td>${time(scan.endTimestamp)}</td></tr>`;
}

function renderCollector(c: CollectorView): string {
  const status = c.ok ? '<span class="ok">ok</span>' : '<span class="err">failing</span>';
  const error = c.lastError
    ? `<span class="err">${esc(c.lastError.code)}</span>: ${esc(c.lastError.message)} <span class="muted">(${esc(c.lastError.at.toISOString())})</span>`
    : '<span class="muted">none</span>';
  return `<tr class="collector"><td>${esc(c.collector)}</td><td>${status}</td><td>${c.lastSuccess ? esc(c.lastSuccess.toISOString()) : '<span class="muted">never</span>'}</td><td>${error}</td></tr>`;
}

function num(value: number | undefined): string {
  return value === undefined ? '<span class="muted">–</span>' : String(value);
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '<span class="muted">–</span>';
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m ${Math.round(seconds % 60)}s` : `${Math.round(seconds)}s`;
}

function time(unixSeconds: number | undefined): string {
  return unixSeconds === undefined
    ? '<span class="muted">–</span>'
    : esc(new Date(unixSeconds * 1000).toISOString());
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

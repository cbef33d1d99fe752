/**
 * The runbook the exporter serves at /runbook: rendered from docs/runbook.md with the anchors
 * GitHub gives the same headings, so every alert's runbook_url opens its section.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { headingAnchor, RUNBOOK_PATH, renderRunbook } from '../../src/exporter/runbook.js';
import { ExporterProcess } from '../helpers/exporter-process.js';

const alertNames = (
  parse(readFileSync(new URL('../../prometheus/alerts.yml', import.meta.url), 'utf8')) as {
    groups: { rules: { alert?: string }[] }[];
  }
).groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));

test.each([
  ['TencentCloudScanExporterDown', 'tencentcloudscanexporterdown'],
  ['Tools used in every section', 'tools-used-in-every-section'],
  ['What `for:` means (and why)', 'what-for-means-and-why'],
  ['snake_case and-dash', 'snake_case-and-dash'],
])('the anchor of heading %p is %p, as on GitHub', (heading, anchor) => {
  expect(headingAnchor(heading)).toBe(anchor);
});

test('headings get ids, repeated ones numbered, and code in a heading stays code', () => {
  const html = renderRunbook('# Title\n\n## Same\n\ntext\n\n## Same\n\n### The `job` label\n');
  expect(html).toContain('<h1 id="title">');
  expect(html).toContain('<h2 id="same">');
  expect(html).toContain('<h2 id="same-1">');
  expect(html).toContain(
    '<h3 id="the-job-label"><a href="#the-job-label">The <code>job</code> label</a></h3>',
  );
});

test('links within the page and to other sites stay; repository paths become plain text', () => {
  const html = renderRunbook('[a](#x) [b](https://example.com/y) [`c.yml`](../prometheus/c.yml)\n');
  expect(html).toContain('<a href="#x">a</a> <a href="https://example.com/y">b</a> <code>c.yml</code>');
});

describe(`GET ${RUNBOOK_PATH} on the running exporter`, () => {
  let exporter: ExporterProcess;
  beforeAll(async () => {
    exporter = await ExporterProcess.start({ args: ['--demo'] });
    await exporter.waitForReady();
  }, 60_000);
  afterAll(async () => {
    await exporter?.stop();
  });

  test('is an HTML page with a section for every alert', async () => {
    const res = await exporter.get(RUNBOOK_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(alertNames.length).toBeGreaterThan(0);
    for (const name of alertNames) expect(res.text).toContain(`id="${name.toLowerCase()}"`);
  });
});

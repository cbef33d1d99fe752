import { readFileSync } from 'node:fs';
import { Marked, type Tokens } from 'marked';

/**
 * The runbook served at `/runbook`, rendered from the docs/runbook.md shipped with this build.
 * Served by the exporter itself so every alert's `runbook_url` has a target wherever the exporter
 * runs (air-gapped clusters included) and always matches the rules of the running version.
 */
export const RUNBOOK_PATH = '/runbook';

/** src/exporter and dist/exporter are both two levels below the package root. */
const RUNBOOK_FILE = new URL('../../docs/runbook.md', import.meta.url);

/**
 * The anchor GitHub gives a heading, so links work on both the exporter and a repository view:
 * lower case, everything but letters, digits, `_`, `-` and spaces dropped, spaces to `-`.
 */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The runbook markdown as a self-contained HTML page whose headings carry their anchors as ids. */
export function renderRunbook(markdown: string): string {
  const seen = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const html = this.parser.parseInline(token.tokens);
        const plain = html
          .replace(/<[^>]*>/g, '')
          .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
        const base = headingAnchor(plain);
        // GitHub numbers repeated headings: "x", "x-1", "x-2".
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        const id = count === 0 ? base : `${base}-${count}`;
        return `<h${token.depth} id="${id}"><a href="#${id}">${html}</a></h${token.depth}>\n`;
      },
      link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        // Paths into the repository (../prometheus/alerts.yml) do not exist on the exporter.
        if (!/^(#|[a-z][a-z0-9+.-]*:)/i.test(token.href)) return text;
        return `<a href="${token.href.replace(/"/g, '&quot;')}">${text}</a>`;
      },
    },
  });
  const body = marked.parse(markdown, { async: false });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tencent Cloud Scan Exporter runbook</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;line-height:1.5}
h1,h2,h3{line-height:1.25}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
h1 a,h2 a,h3 a{color:inherit;text-decoration:none}:target{background:#fff8c5}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:.3rem;font-size:.9em}
pre{background:#f6f8fa;padding:.8rem;border-radius:.4rem;overflow-x:auto}pre code{padding:0}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.3rem .6rem}
</style>
</head>
<body>
<p><a href="/">← exporter</a></p>
${body}</body>
</html>
`;
}

let cached: { html: string } | undefined;

/** The rendered runbook (read and rendered once), or undefined when this build ships none. */
export function runbookPage(): string | undefined {
  if (cached) return cached.html;
  let markdown: string;
  try {
    markdown = readFileSync(RUNBOOK_FILE, 'utf8');
  } catch {
    return undefined;
  }
  cached = { html: renderRunbook(markdown) };
  return cached.html;
}

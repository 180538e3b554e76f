import { escapeHtml } from '../formats/html.ts';

/** A plain, readable HTML page for a JSON document: its title, its links, then the rest. */
export function renderHtml(title: string, doc: Record<string, unknown>): string {
  const links = Array.isArray(doc.links) ? (doc.links as Array<Record<string, unknown>>) : [];
  const { links: _links, ...rest } = doc;
  const linkItems = links
    .map((l) => {
      const href = String(l.href ?? '');
      const label = escapeHtml(String(l.title ?? l.rel ?? href));
      const rel = escapeHtml(String(l.rel ?? ''));
      return l.templated
        ? `<li><code>${escapeHtml(href)}</code> <small>${rel}</small></li>`
        : `<li><a href="${escapeHtml(htmlHref(href))}">${label}</a> <small>${rel}</small></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – tilery</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } pre { background: #f5f5f5; padding: 1rem; overflow: auto; font-size: 13px; }
small { color: #777; } a { color: #0b62c4; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${links.length ? `<h2>Links</h2>\n<ul>\n${linkItems}\n</ul>` : ''}
<h2>Document</h2>
<pre>${escapeHtml(JSON.stringify(rest, null, 2))}</pre>
</body>
</html>
`;
}

/** Links to JSON documents lead to their HTML rendering when followed from a page. */
function htmlHref(href: string): string {
  if (/[?&]f=/.test(href) || /\.(mvt|pbf)(\?|$)/.test(href)) return href;
  return href + (href.includes('?') ? '&' : '?') + 'f=html';
}

// A generated built site, the way static site generators write them, with the traps a new
// user hits: pretty URLs (papers/5/index.html), a shared header/nav/footer on every page, a
// site-title suffix on every <title>, a 404 page, a title-only stub page, assets
// (css, js, png), robots.txt and a JSON feed. Used by cli.test.mjs and the bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SITE_NAME = 'Acme Research';

// Words the known pages are found by; nothing else on the site contains them.
export const KNOWN = {
  paper: { number: 5, word: 'heliograph', title: 'Heliograph signalling across mountain valleys' },
  stub: { url: '/archive/', word: 'palimpsest', title: 'Palimpsest archive' },
  notFound: 'vanished', // only in 404.html
  css: 'zebrastripe', // only in assets/site.css
  js: 'jsonlyglobal', // only in assets/app.js
  robots: 'robotsonlypath', // only in robots.txt
  feed: 'feedonlyword', // only in feed.json
};

const VOCAB = (
  'signal network measure method result study model system sample analysis energy field ' +
  'surface process structure pattern response function theory data value range effect ' +
  'design control growth change level report protein climate ocean river forest soil ' +
  'crystal laser orbit planet galaxy neuron memory language grammar market price trade ' +
  'policy law court city bridge engine motor fuel battery circuit sensor camera image ' +
  'sound wave light heat cold pressure flow density mass charge spin phase'
).split(' ');

/** A tiny deterministic generator (no Math.random: the same site every run). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function layout(title, main, { robots = '' } = {}) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} | ${SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${robots}<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header><a href="/"><img src="/assets/logo.png" alt="">${SITE_NAME}</a> — research notes and papers</header>
<nav><a href="/">Home</a> <a href="/papers/">Papers</a> <a href="/about/">About</a> <a href="/feed.json">Feed</a></nav>
<main>
${main}
</main>
<aside>Related: subscribe to the newsletter for monthly updates</aside>
<footer>© 2026 ${SITE_NAME}. All rights reserved. Built with a static site generator.</footer>
</body>
</html>
`;
}

function write(root, rel, text) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * Writes the site into `root` with `papers` paper pages (plus the home, papers list, about,
 * stub and 404 pages). Returns { pages: the number of HTML pages that are documents }.
 */
export function generateSite(root, papers = 1390) {
  const rand = lcg(42);
  const word = () => VOCAB[Math.floor(rand() * VOCAB.length)];
  const sentence = (n) => {
    const words = Array.from({ length: n }, word);
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
  };
  const items = [];
  for (let i = 1; i <= papers; i++) {
    const known = i === KNOWN.paper.number;
    const title = known ? KNOWN.paper.title : `${sentence(4).slice(0, -1)} (paper ${i})`;
    const paragraphs = Array.from({ length: 6 }, () => `<p>${sentence(18)} ${sentence(14)} ${sentence(22)}</p>`);
    if (known) paragraphs.splice(2, 0, `<p>The ${KNOWN.paper.word} relayed sunlight between stations on distant peaks.</p>`);
    const date = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    write(root, `papers/${i}/index.html`, layout(title, `<article><h1>${title}</h1><time datetime="${date}">${date}</time>\n${paragraphs.join('\n')}</article>`));
    items.push({ id: `/papers/${i}/`, url: `/papers/${i}/`, title, date_published: date, content_text: `${KNOWN.feed} ${title}` });
  }
  write(root, 'index.html', layout('Home', `<h1>${SITE_NAME}</h1><p>Notes and papers on signals, networks and measurement.</p>`));
  write(root, 'papers/index.html', layout('Papers', `<h1>Papers</h1><ul>${items.slice(0, 50).map((it) => `<li><a href="${it.url}">${it.title}</a></li>`).join('')}</ul>`));
  write(root, 'about/index.html', layout('About', `<h1>About</h1><p>We study how signals travel through networks of stations.</p>`));
  // A title and no body text (a stub): indexed by its title.
  write(root, 'archive/index.html', layout(KNOWN.stub.title, ''));
  write(root, '404.html', layout('Page not found', `<h1>Not found</h1><p>This page has ${KNOWN.notFound}.</p>`));
  write(root, 'assets/site.css', `.${KNOWN.css} { color: red; }\nbody { font-family: serif; }\n`);
  write(root, 'assets/app.js', `window.${KNOWN.js} = 1;\n`);
  // A 1×1 PNG.
  writeFileSync(
    path.join(root, 'assets/logo.png'),
    Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
  );
  write(root, 'robots.txt', `User-agent: *\nDisallow: /${KNOWN.robots}/\n`);
  write(root, 'feed.json', `${JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: SITE_NAME, items }, null, 1)}\n`);
  return { pages: papers + 4 };
}

/** A small Markdown corpus with emphasis and links, for the `--corpus` path. */
export function generateMarkdown(root) {
  write(root, 'guide/install.md', '---\ntitle: Installing the widget\n---\n# Installing\n\nRun the **quasar** installer, then read [the manual](https://example.com/manual) and `configure` it.\n');
  write(root, 'guide/usage.md', '---\ntitle: Using the widget\n---\nType a *query* into the box; results appear as you type.\n');
  return { documents: 2, word: 'quasar' };
}

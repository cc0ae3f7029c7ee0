#!/usr/bin/env node
// npx bakedsearch --site public: index a built site, write public/bakedsearch/.
// Exit codes: 0 done, 1 indexing failed (the messages name the file and the fix), 2 usage.

// node:wasi prints an ExperimentalWarning on every run; a CI log needs only our lines. Node
// prints warnings from a 'warning' listener of its own: replace it with one that skips that.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /WASI/.test(warning.message)) return;
  process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const HELP = `Usage: bakedsearch --site DIR [options]
       bakedsearch --corpus DIR [options]

Indexes a built site (its *.html pages) or a corpus and writes the search beside it:
DIR/bakedsearch/ holds bakedsearch.js (the <baked-search> element), bakedsearch.worker.js,
bakedsearch_bg.wasm (the engine with the index in it), bakedsearch.single.js (one classic
script with the wasm inlined, for file://) and bakedsearch.d.ts. Then add to your pages:

  <script type="module" src="/bakedsearch/bakedsearch.js"></script>
  <baked-search></baked-search>

Options:
  --site DIR             the built site to index; the output goes into it
  --corpus PATH          index a Markdown/text/HTML/JSON folder or file instead (the crate's
                         corpus formats); with --site, the output still goes into the site
  --config FILE          a bakedsearch.toml (default: the one in the corpus folder, if any)
  --output-subdir DIR    the output folder below the site (default: bakedsearch)
  --output-path DIR      the output folder itself, anywhere (overrides --output-subdir)
  --no-single            do not write bakedsearch.single.js (large sites: base64 of the wasm)
  --serve [PORT]         then serve the site on http://localhost:PORT/ (default 8080) with a
                         search page at /<output-subdir>/
  --help, -h             this text
  --version, -v          the version

Exit codes: 0 done, 1 indexing failed (the messages say which file and the fix), 2 usage.`;

class Usage extends Error {}

function parseArgs(argv) {
  const o = { site: null, corpus: null, config: null, outputSubdir: 'bakedsearch', outputPath: null, single: true, serve: null, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : null;
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === null && v.startsWith('--'))) throw new Usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--site':
        o.site = value();
        break;
      case '--corpus':
        o.corpus = value();
        break;
      case '--config':
        o.config = value();
        break;
      case '--output-subdir':
        o.outputSubdir = value();
        break;
      case '--output-path':
        o.outputPath = value();
        break;
      case '--no-single':
        o.single = false;
        break;
      case '--serve': {
        let port = inline;
        if (port === null && /^\d+$/.test(argv[i + 1] || '')) port = argv[++i];
        o.serve = port === null ? 8080 : Number(port);
        if (!Number.isInteger(o.serve) || o.serve < 0 || o.serve > 65535) throw new Usage(`--serve ${port}: a port is 0 to 65535`);
        break;
      }
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--version':
      case '-v':
        o.version = true;
        break;
      default:
        throw new Usage(raw.startsWith('-') ? `unknown option ${raw}` : `unexpected argument ${raw} (the site is given with --site ${raw})`);
    }
  }
  return o;
}

const color = process.stderr.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (line) => process.stderr.write(`${line}\n`);

function kib(n) {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof Usage)) throw err;
    say(`${paint('31', 'bakedsearch: error:')} ${err.message}\nRun \`bakedsearch --help\` for the options.`);
    return 2;
  }
  const { index, version, UsageError, IndexError } = await import('../lib/index.mjs');
  if (opts.help) {
    process.stdout.write(`bakedsearch ${version}\n${HELP}\n`);
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (!opts.site && !opts.corpus) {
    say(`${paint('31', 'bakedsearch: error:')} nothing to index: give --site DIR (a built site) or --corpus DIR\nRun \`bakedsearch --help\` for the options.`);
    return 2;
  }
  const path = (await import('node:path')).default;
  say(`bakedsearch ${version}: indexing ${opts.corpus ? `the corpus ${opts.corpus}` : `the site ${opts.site}`}`);
  let result;
  try {
    result = await index(opts);
  } catch (err) {
    if (err instanceof UsageError) {
      say(`${paint('31', 'bakedsearch: error:')} ${err.message}\nRun \`bakedsearch --help\` for the options.`);
      return 2;
    }
    if (err instanceof IndexError) {
      say(`${paint('31', 'bakedsearch: error:')} ${err.message}`);
      return 1;
    }
    throw err;
  }
  // A path below the working folder is shown relative to it, any other absolute.
  const show = (p) => {
    const rel = path.relative(process.cwd(), path.resolve(p));
    return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(p) : rel || '.';
  };
  const shown = show(result.outDir);
  say(
    `${paint('32', 'bakedsearch: done:')} ${result.documents} documents (${result.language}), ` +
      `wasm ${kib(result.wasmBytes)} → ${shown}/ in ${result.seconds.toFixed(2)} s`,
  );
  if (opts.serve !== null) {
    const { serve } = await import('../lib/serve.mjs');
    const root = opts.site || path.dirname(result.outDir);
    const subdir = path.relative(root, result.outDir) || '.';
    const server = await serve({ root, subdir, port: opts.serve });
    say(`bakedsearch: serving ${show(root)} at ${server.url} — search page: ${server.searchUrl}  (Ctrl-C to stop)`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    say(`bakedsearch: internal error: ${err && err.stack ? err.stack : err}`);
    process.exitCode = 1;
  },
);

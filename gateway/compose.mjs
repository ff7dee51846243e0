#!/usr/bin/env node
// Compose the federation supergraph from the subgraph SDL files listed in subgraphs.json.
//
//   node compose.mjs           compose and write supergraph.graphql
//   node compose.mjs --check   compose in memory; exit 1 when composition fails or when the
//                              committed supergraph.graphql differs from the fresh composition
//   node compose.mjs --out P   write (or, with --check, compare against) P instead
//
// Environment:
//   COMPOSE_SUBGRAPHS_FILE  subgraph list to use (default: subgraphs.json next to this file).
//                           Relative "schema" paths are resolved against the directory of
//                           that file (so for the default list: against gateway/).
//   COMPOSE_OUTPUT          same as --out.
//
// Composition uses @theguild/federation-composition (MIT), which supports Federation up to v2.9.
// It has no hints API, so the only output besides the supergraph is errors.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';

const HERE = dirname(fileURLToPath(import.meta.url));
const NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function fail(message) {
  process.stderr.write(`compose: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { check: false, out: process.env.COMPOSE_OUTPUT || null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') opts.check = true;
    else if (arg === '--out') opts.out = argv[++i] ?? fail('--out needs a path');
    else if (arg.startsWith('--out=')) opts.out = arg.slice('--out='.length);
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node compose.mjs [--check] [--out supergraph.graphql]\n');
      process.exit(0);
    } else fail(`unknown argument "${arg}"`);
  }
  return opts;
}

function loadSubgraphList(file) {
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read subgraph list ${file}: ${err.message}`);
  }
  if (!Array.isArray(list) || list.length === 0) {
    fail(`${file} must be a non-empty JSON array of {"name","url","schema"}`);
  }
  const seen = new Set();
  for (const [i, s] of list.entries()) {
    for (const key of ['name', 'url', 'schema']) {
      if (typeof s?.[key] !== 'string' || s[key] === '') {
        fail(`${file}[${i}]: "${key}" must be a non-empty string`);
      }
    }
    if (!NAME_RE.test(s.name)) {
      fail(`${file}[${i}]: subgraph name "${s.name}" must be lower-case kebab-case (e.g. "social-security")`);
    }
    if (seen.has(s.name)) fail(`${file}: duplicate subgraph name "${s.name}"`);
    seen.add(s.name);
  }
  return list;
}

function compose(subgraphsFile) {
  const baseDir = dirname(subgraphsFile);
  const list = loadSubgraphList(subgraphsFile);
  // Sort by name so the output does not depend on the order of the list.
  const services = [...list]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => {
      const schemaPath = resolve(baseDir, s.schema);
      if (!existsSync(schemaPath)) {
        fail(`subgraph "${s.name}": schema file not found: ${schemaPath}`);
      }
      let typeDefs;
      try {
        typeDefs = parse(readFileSync(schemaPath, 'utf8'));
      } catch (err) {
        fail(`subgraph "${s.name}": cannot parse ${schemaPath}: ${err.message}`);
      }
      return { name: s.name, url: s.url, typeDefs };
    });

  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    process.stderr.write(`compose: composition failed with ${result.errors.length} error(s):\n`);
    for (const err of result.errors) {
      const code = err.extensions?.code ? `[${err.extensions.code}] ` : '';
      process.stderr.write(`  - ${code}${err.message}\n`);
    }
    process.exit(1);
  }
  const sdl = result.supergraphSdl.replace(/\r\n/g, '\n').replace(/\s+$/, '') + '\n';
  return { sdl, count: services.length };
}

// A short unified-style hint: the changed middle between the common head and tail.
function diffHint(oldText, newText, maxLines = 40) {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const lines = [
    `--- committed`,
    `+++ fresh composition`,
    `@@ -${head + 1},${removed.length} +${head + 1},${added.length} @@`,
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
  ];
  const shown = lines.slice(0, maxLines + 3);
  if (lines.length > shown.length) shown.push(`... (${lines.length - shown.length} more lines)`);
  return shown.join('\n');
}

const opts = parseArgs(process.argv.slice(2));
const subgraphsFile = resolve(process.env.COMPOSE_SUBGRAPHS_FILE || resolve(HERE, 'subgraphs.json'));
const outFile = resolve(opts.out || resolve(HERE, 'supergraph.graphql'));
const { sdl, count } = compose(subgraphsFile);
const rel = relative(process.cwd(), outFile);
const shownOut = rel && !rel.startsWith('..') ? rel : outFile;

if (opts.check) {
  if (!existsSync(outFile)) {
    fail(`${shownOut} does not exist; run "npm run compose" in gateway/ and commit it`);
  }
  const committed = readFileSync(outFile, 'utf8');
  if (committed !== sdl) {
    process.stderr.write(
      `compose: ${shownOut} is out of date with the subgraph schemas; ` +
        `run "npm run compose" in gateway/ and commit the result.\n${diffHint(committed, sdl)}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`compose: ${shownOut} is up to date (${count} subgraphs)\n`);
} else {
  writeFileSync(outFile, sdl);
  process.stdout.write(`compose: wrote ${shownOut} (${count} subgraphs)\n`);
}

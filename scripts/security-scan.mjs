#!/usr/bin/env node
// The Electron security scan: runs Electronegativity over src/ and fails on any finding above LOW whose check
// is not justified in .electronegativity-justified.json (check id -> why it is acceptable; see
// docs/SECURITY-SCAN.md). Run by `npm test`; `node scripts/security-scan.mjs [dir]` scans another folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'src';
const justified = JSON.parse(readFileSync(join(root, '.electronegativity-justified.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/** A minimal CSV reader: quoted fields may hold commas and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field.trim()]);
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'support-hero-scan-'));
const report = join(dir, 'report.csv');
// `-e` names our Electron version, so the scan does not look it up online.
const scan = spawnSync('npx', ['electronegativity', '-i', target, '-o', report, '-r', '-e', electronVersion], {
  cwd: root,
  encoding: 'utf8',
});
let rows;
try {
  rows = parseCsv(readFileSync(report, 'utf8'));
} catch {
  console.error(`Security scan could not run:\n${scan.stderr || scan.stdout}`);
  process.exit(2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const [header, ...findings] = rows.filter((r) => r.length > 1);
const col = (name) => header.indexOf(name);
let failures = 0;
for (const finding of findings) {
  const [id, severity, file, location] = ['issue', 'severity', 'filename', 'location'].map((n) => finding[col(n)]);
  const where = `${file}:${location}`;
  if (severity === 'LOW' || severity === 'INFORMATIONAL') {
    console.log(`  low        ${id} at ${where}`);
  } else if (justified[id]) {
    console.log(`  justified  ${id} (${severity}) at ${where}: ${justified[id]}`);
  } else {
    failures++;
    console.log(`  FAIL       ${id} (${severity}) at ${where}: ${finding[col('description')]}`);
  }
}
console.log(`Security scan of ${target}: ${findings.length} findings, ${failures} above LOW and not justified.`);
process.exit(failures === 0 ? 0 : 1);

#!/usr/bin/env node
// The Electron security scan: runs Electronegativity over src/ and fails on any finding above LOW whose check
// is not justified in .electronegativity-justified.json (check id -> the files it is accepted in, relative to the
// scanned folder, and why; see docs/SECURITY-SCAN.md). A justification names files so that the same finding in a
// new place fails until someone has looked at it. Run by `npm test`; `node scripts/security-scan.mjs [dir]` scans another folder.
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

/**
 * Runs the scanner and reads its CSV report. Electronegativity now and then leaves a garbled report behind (its
 * write races its exit), so a report whose rows do not all have the header's width and a check id is scanned
 * again rather than trusted.
 */
function scanOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'support-hero-scan-'));
  const report = join(dir, 'report.csv');
  // `-e` names our Electron version, so the scan does not look it up online.
  const scan = spawnSync('npx', ['electronegativity', '-i', target, '-o', report, '-r', '-e', electronVersion], {
    cwd: root,
    encoding: 'utf8',
  });
  try {
    const rows = parseCsv(readFileSync(report, 'utf8')).filter((r) => r.length > 1);
    const wellFormed =
      rows.length > 0 &&
      rows.every((r) => r.length === rows[0].length) &&
      rows.slice(1).every((r) => /^[A-Z_]+$/.test(r[0]));
    return wellFormed ? { rows } : { error: 'the report was malformed' };
  } catch {
    return { error: scan.stderr || scan.stdout || 'no report was written' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let result = scanOnce();
for (let attempt = 2; attempt <= 3 && !result.rows; attempt++) result = scanOnce();
if (!result.rows) {
  console.error(`Security scan could not run: ${result.error}`);
  process.exit(2);
}
const rows = result.rows;

const [header, ...findings] = rows;
const col = (name) => header.indexOf(name);
let failures = 0;
for (const finding of findings) {
  const [id, severity, file, location] = ['issue', 'severity', 'filename', 'location'].map((n) => finding[col(n)]);
  const where = `${file}:${location}`;
  if (severity === 'LOW' || severity === 'INFORMATIONAL') {
    console.log(`  low        ${id} at ${where}`);
  } else if (justified[id]?.files.includes(file)) {
    console.log(`  justified  ${id} (${severity}) at ${where}: ${justified[id].why}`);
  } else {
    failures++;
    console.log(`  FAIL       ${id} (${severity}) at ${where}: ${finding[col('description')]}`);
  }
}
console.log(`Security scan of ${target}: ${findings.length} findings, ${failures} above LOW and not justified.`);
process.exit(failures === 0 ? 0 : 1);

#!/usr/bin/env node
// `npm run icons`: draws every tray icon and the app icon from the one description below into PNGs under
// resources/. Shapes are rasterised with 4x4 supersampling and encoded with node:zlib, so no image library
// is needed and every size comes from the same source.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'resources');

const COLORS = {
  black: [0, 0, 0],
  grey: [110, 110, 110],
  green: [34, 160, 90],
  orange: [240, 140, 20],
  red: [215, 40, 40],
  white: [255, 255, 255],
  blue: [29, 74, 255],
};

// Shapes in a unit square (0..1); each returns true when the point is inside.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.sqrt((x - cx) ** 2 + (y - cy) ** 2);
  return d <= r && d >= r - w;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const bar = (x0, y0, x1, y1, w) => (x, y) => {
  // Distance from the segment (x0,y0)-(x1,y1).
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2 <= (w / 2) ** 2;
};
const exclamation = [rect(0.44, 0.22, 0.56, 0.6), circle(0.5, 0.74, 0.07)];
const check = [bar(0.3, 0.52, 0.45, 0.68, 0.12), bar(0.45, 0.68, 0.72, 0.34, 0.12)];
const cross = [bar(0.33, 0.33, 0.67, 0.67, 0.12), bar(0.67, 0.33, 0.33, 0.67, 0.12)];

/** Layers are painted in order: [shape, color]; later layers cover earlier ones ("white" on a disc cuts a glyph). */
const DESIGNS = {
  off_duty: { mono: true, layers: (c) => [[ring(0.5, 0.5, 0.44, 0.12), c]] },
  on_duty_clear: {
    mono: true,
    layers: (c, cut) => [[circle(0.5, 0.5, 0.44), c], ...check.map((s) => [s, cut])],
  },
  needs_attention: {
    layers: () => [[circle(0.5, 0.5, 0.44), COLORS.orange], ...exclamation.map((s) => [s, COLORS.white])],
  },
  breach_imminent: {
    layers: () => [[circle(0.5, 0.5, 0.46), COLORS.red], ...exclamation.map((s) => [s, COLORS.white])],
  },
  error: { layers: () => [[circle(0.5, 0.5, 0.44), COLORS.grey], ...cross.map((s) => [s, COLORS.white])] },
};

function rasterize(size, layers) {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let color = null;
          for (const [shape, fill] of layers) if (shape(x, y)) color = fill;
          if (color === 'transparent' || color === null) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
      }
      pixels[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG. */
function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(file, size, layers) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encodePng(size, rasterize(size, layers)));
  return file;
}

const written = [];
for (const [state, design] of Object.entries(DESIGNS)) {
  const colored = design.mono
    ? design.layers(state === 'off_duty' ? COLORS.grey : COLORS.green, COLORS.white)
    : design.layers();
  written.push(write(join(out, 'tray', `${state}.png`), 16, colored));
  written.push(write(join(out, 'tray', `${state}@2x.png`), 32, colored));
  if (design.mono) {
    // macOS tints Template images itself; only the alpha channel matters, so glyphs are cut out.
    const template = design.layers(COLORS.black, 'transparent');
    written.push(write(join(out, 'tray', `${state}Template.png`), 16, template));
    written.push(write(join(out, 'tray', `${state}Template@2x.png`), 32, template));
  }
}
const appIcon = [[circle(0.5, 0.5, 0.46), COLORS.blue], ...check.map((s) => [s, COLORS.white])];
written.push(write(join(out, 'icon.png'), 512, appIcon));
written.push(write(join(out, 'icon-256.png'), 256, appIcon));
console.log(`Wrote ${written.length} icons under resources/`);

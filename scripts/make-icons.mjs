#!/usr/bin/env node
// Draws the Crosstag icon from one list of shapes into both an SVG (the editable source) and
// anti-aliased PNGs at 512 and 256 px (electron-builder derives .ico and .icns from the 512 PNG).
// Nothing but Node is needed, so the icons can be regenerated anywhere:
//
//   node scripts/make-icons.mjs [--out resources/icons]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : 'resources/icons');

// The design on a 512-unit canvas: two sentences (rows of token pills), one entity in each
// underlined in a label colour, and the cross-lingual link between them.
const BG = { x: 32, y: 32, w: 448, h: 448, r: 96, top: [31, 58, 95], bottom: [18, 34, 58] };
const TOKEN = [226, 232, 240];
const rows = [
  {
    y: 150,
    pills: [
      [88, 92],
      [196, 120],
      [332, 92],
    ],
    entity: 1,
    color: [245, 158, 11],
  },
  {
    y: 318,
    pills: [
      [88, 128],
      [232, 96],
      [344, 80],
    ],
    entity: 0,
    color: [236, 72, 153],
  },
];
const PILL_H = 44;
const UNDERLINE = { gap: 12, h: 12 };
const LINK = { width: 14, color: [56, 189, 248] };

function shapes() {
  const list = [];
  for (const row of rows) {
    row.pills.forEach(([x, w], i) => {
      list.push({ kind: 'rect', x, y: row.y, w, h: PILL_H, r: PILL_H / 2, color: TOKEN });
      if (i === row.entity)
        list.push({ kind: 'rect', x, y: row.y + PILL_H + UNDERLINE.gap, w, h: UNDERLINE.h, r: UNDERLINE.h / 2, color: row.color });
    });
  }
  const [a, b] = rows;
  const [ax, aw] = a.pills[a.entity];
  const [bx, bw] = b.pills[b.entity];
  const from = [ax + aw / 2, a.y + PILL_H + UNDERLINE.gap + UNDERLINE.h + 10];
  const to = [bx + bw / 2, b.y - 10];
  const control = [(from[0] + to[0]) / 2 + 60, (from[1] + to[1]) / 2];
  list.push({ kind: 'curve', from, control, to, width: LINK.width, color: LINK.color });
  return list;
}

function roundedRectDistance(px, py, s) {
  const cx = s.x + s.w / 2;
  const cy = s.y + s.h / 2;
  const qx = Math.abs(px - cx) - s.w / 2 + s.r;
  const qy = Math.abs(py - cy) - s.h / 2 + s.r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - s.r;
}

function curvePoints(s, steps = 64) {
  const pts = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    pts.push([
      u * u * s.from[0] + 2 * u * t * s.control[0] + t * t * s.to[0],
      u * u * s.from[1] + 2 * u * t * s.control[1] + t * t * s.to[1],
    ]);
  }
  return pts;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function render(size) {
  const scale = 512 / size;
  const list = shapes();
  const polylines = list
    .filter((s) => s.kind === 'curve')
    .map((s) => {
      const pts = curvePoints(s);
      const pad = s.width;
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      return { pts, box: [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad] };
    });
  const rgba = Buffer.alloc(size * size * 4);
  const SS = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const px = (x + (sx + 0.5) / SS) * scale;
          const py = (y + (sy + 0.5) / SS) * scale;
          if (roundedRectDistance(px, py, BG) > 0) continue;
          const t = (py - BG.y) / BG.h;
          let c = BG.top.map((v, i) => v + (BG.bottom[i] - v) * t);
          let curve = 0;
          for (const s of list) {
            let inside;
            if (s.kind === 'rect') inside = roundedRectDistance(px, py, s) <= 0;
            else {
              const { pts, box } = polylines[curve++];
              inside = false;
              if (px < box[0] || py < box[1] || px > box[2] || py > box[3]) continue;
              for (let i = 1; i < pts.length && !inside; i++) inside = segmentDistance(px, py, pts[i - 1], pts[i]) <= s.width / 2;
            }
            if (inside) c = s.color;
          }
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      }
      const n = SS * SS;
      const o = (y * size + x) * 4;
      // Colours are averaged over covered samples only, alpha over all: clean edges on any background.
      const covered = a / 255;
      rgba[o] = covered ? Math.round(r / covered) : 0;
      rgba[o + 1] = covered ? Math.round(g / covered) : 0;
      rgba[o + 2] = covered ? Math.round(b / covered) : 0;
      rgba[o + 3] = Math.round(a / n);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg() {
  const rgb = (c) => `rgb(${c.join(',')})`;
  const parts = [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${rgb(BG.top)}"/><stop offset="1" stop-color="${rgb(BG.bottom)}"/></linearGradient></defs>`,
    `<rect x="${BG.x}" y="${BG.y}" width="${BG.w}" height="${BG.h}" rx="${BG.r}" fill="url(#bg)"/>`,
  ];
  for (const s of shapes()) {
    if (s.kind === 'rect') parts.push(`<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${rgb(s.color)}"/>`);
    else
      parts.push(
        `<path d="M${s.from.join(' ')} Q${s.control.join(' ')} ${s.to.join(' ')}" fill="none" stroke="${rgb(s.color)}" stroke-width="${s.width}" stroke-linecap="round"/>`,
      );
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'icon.svg'), svg());
for (const size of [512, 256]) {
  writeFileSync(join(outDir, `icon-${size}.png`), png(size, render(size)));
}
// electron-builder picks up `icon.png` in its resources folder by default on every platform.
writeFileSync(join(outDir, 'icon.png'), png(512, render(512)));
console.log(`icons written to ${outDir}`);

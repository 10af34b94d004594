// Draws resources/icon.png (512x512 RGBA): a rounded blue square with a white "C" and a dot.
// No image library: pixels are computed with signed distances, anti-aliased by coverage, and written as a
// PNG with node:zlib. Re-run with `node resources/make-icon.mjs` after changing the drawing.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const size = 512
const out = new URL('./icon.png', import.meta.url)

/** signed distance to a rounded square centred in the canvas (negative inside) */
function roundedSquare(x, y, half, radius) {
  const qx = Math.abs(x - size / 2) - (half - radius)
  const qy = Math.abs(y - size / 2) - (half - radius)
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0))
  return outside + Math.min(Math.max(qx, qy), 0) - radius
}

/** signed distance to a ring (annulus) with an opening on the right */
function letterC(x, y) {
  const dx = x - size / 2
  const dy = y - size / 2
  const ring = Math.abs(Math.hypot(dx, dy) - 150) - 38
  const angle = Math.abs(Math.atan2(dy, dx))
  // the opening: remove the part of the ring within 40 degrees of the positive x axis
  const opening = (40 * Math.PI) / 180
  return angle < opening ? Math.max(ring, (opening - angle) * 150) : ring
}

/** signed distance to the dot that sits in the opening of the C */
function dot(x, y) {
  return Math.hypot(x - (size / 2 + 150), y - size / 2) - 34
}

const coverage = (distance) => Math.min(Math.max(0.5 - distance, 0), 1)

const raw = Buffer.alloc((size * 4 + 1) * size)
for (let y = 0; y < size; y++) {
  const row = y * (size * 4 + 1)
  raw[row] = 0 // filter: none
  for (let x = 0; x < size; x++) {
    const px = x + 0.5
    const py = y + 0.5
    const background = coverage(roundedSquare(px, py, 240, 96))
    const glyph = Math.max(coverage(letterC(px, py)), coverage(dot(px, py)))
    // vertical gradient from #2f6fe4 to #1d4fb8
    const t = y / (size - 1)
    const r = Math.round(0x2f + (0x1d - 0x2f) * t)
    const g = Math.round(0x6f + (0x4f - 0x6f) * t)
    const b = Math.round(0xe4 + (0xb8 - 0xe4) * t)
    const i = row + 1 + x * 4
    raw[i] = Math.round(r + (255 - r) * glyph)
    raw[i + 1] = Math.round(g + (255 - g) * glyph)
    raw[i + 2] = Math.round(b + (255 - b) * glyph)
    raw[i + 3] = Math.round(255 * background)
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

const header = Buffer.alloc(13)
header.writeUInt32BE(size, 0)
header.writeUInt32BE(size, 4)
header[8] = 8 // bit depth
header[9] = 6 // colour type: RGBA
header[10] = 0 // compression
header[11] = 0 // filter
header[12] = 0 // no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync(out, png)
console.log(`wrote ${out.pathname} (${png.length} bytes)`)

// Readers for the icon containers the packages use (PNG, ICO, ICNS), written from the formats' specs and
// independent of scripts/make-icons.ts, so a test reading the committed files checks what the writer did.
import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 6 = RGBA (truecolour with alpha). */
  colorType: number;
  interlace: number;
}

export function isPng(data: Buffer): boolean {
  return data.length >= 33 && data.subarray(0, 8).equals(PNG_SIGNATURE) && data.toString('latin1', 12, 16) === 'IHDR';
}

/** The IHDR chunk, which the PNG spec requires to come first. Throws when `data` is not a PNG. */
export function pngHeader(data: Buffer): PngHeader {
  if (!isPng(data)) throw new Error('not a PNG (bad signature or first chunk)');
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    bitDepth: data.readUInt8(24),
    colorType: data.readUInt8(25),
    interlace: data.readUInt8(28),
  };
}

/** Alpha of every pixel of an 8-bit RGBA, non-interlaced PNG, row by row (enough to check transparency). */
export function pngAlpha(data: Buffer): { width: number; height: number; alpha: (x: number, y: number) => number } {
  const { width, height, bitDepth, colorType, interlace } = pngHeader(data);
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw new Error('only 8-bit RGBA, non-interlaced PNGs are decoded here');
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = 4;
  const stride = width * bpp;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw.readUInt8(y * (stride + 1));
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= bpp ? pixels.readUInt8(y * stride + i - bpp) : 0;
      const up = y > 0 ? pixels.readUInt8((y - 1) * stride + i) : 0;
      const upLeft = y > 0 && i >= bpp ? pixels.readUInt8((y - 1) * stride + i - bpp) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      else if (filter !== 0) throw new Error(`unknown PNG filter ${filter}`);
      pixels.writeUInt8((line.readUInt8(i) + predicted) & 0xff, y * stride + i);
    }
  }
  return { width, height, alpha: (x, y) => pixels.readUInt8(y * stride + x * bpp + 3) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export interface IcoEntry {
  /** Width from the directory entry (0 in the file means 256). */
  width: number;
  height: number;
  bitCount: number;
  data: Buffer;
}

/** The images of an ICO file, as its directory describes them. Throws on a malformed header or entry. */
export function icoEntries(file: Buffer): IcoEntry[] {
  if (file.length < 6 || file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = file.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 16;
    if (at + 16 > file.length) throw new Error(`ICO directory entry ${i} is cut off`);
    const size = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    if (offset + size > file.length) throw new Error(`ICO image ${i} points past the end of the file`);
    entries.push({
      width: file.readUInt8(at) || 256,
      height: file.readUInt8(at + 1) || 256,
      bitCount: file.readUInt16LE(at + 6),
      data: file.subarray(offset, offset + size),
    });
  }
  return entries;
}

/** The elements of an ICNS file by type. Throws unless the lengths add up exactly to the file's size. */
export function icnsElements(file: Buffer): Map<string, Buffer> {
  if (file.length < 8 || file.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS file');
  if (file.readUInt32BE(4) !== file.length) throw new Error(`ICNS header says ${file.readUInt32BE(4)} bytes, the file has ${file.length}`);
  const elements = new Map<string, Buffer>();
  let at = 8;
  while (at < file.length) {
    if (at + 8 > file.length) throw new Error('ICNS element header is cut off');
    const length = file.readUInt32BE(at + 4);
    if (length < 8 || at + length > file.length) throw new Error(`ICNS element at ${at} has a bad length ${length}`);
    elements.set(file.toString('latin1', at, at + 4), file.subarray(at + 8, at + length));
    at += length;
  }
  return elements;
}

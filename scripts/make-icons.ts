// Renders resources/icon.svg into every icon the app and its packages use, with Debian's Chromium through
// playwright-core (no image library, no downloaded browser), and writes the ICO and ICNS containers by hand.
// Run after editing the SVG: npm run icons
//
// Outputs (all in resources/, committed):
//   icon.png            512×512: the window icon on Linux (src/main/window.ts), and a fallback for packagers
//   icons/NxN.png       the Linux hicolor set (electron-builder `linux.icon`), 16 to 512
//   icon.ico            Windows (`win.icon`, NSIS installer): PNG-compressed entries 16 to 256
//   icon.icns           macOS (`mac.icon`, dmg): PNG entries ic07–ic14, 128 to 1024
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';

const RESOURCES = fileURLToPath(new URL('../resources/', import.meta.url));

/** The window icon's size: big enough for any task bar, small enough for X11's _NET_WM_ICON (w×h×8 bytes). */
const WINDOW_ICON_SIZE = 512;
/** Linux hicolor sizes; 512 is the largest size the hicolor theme defines on older desktops. */
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
/** Windows shell sizes (small icons, lists, tiles); 256 is the largest an ICO entry can describe. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data (macOS 10.7+) and their pixel sizes; ic11–ic14 are the @2x variants. */
const ICNS_TYPES: ReadonlyArray<readonly [type: string, size: number]> = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** One rendition of the SVG at `size`×`size` pixels, transparent outside the artwork. */
async function renderPng(page: Page, svg: string, size: number): Promise<Buffer> {
  await page.setContent(
    `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  return page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/**
 * An ICO file: ICONDIR (reserved 0, type 1 = icon, count), one 16-byte ICONDIRENTRY per image (width and
 * height as one byte each, 0 meaning 256; colour count 0; planes 1; 32 bits per pixel; data size; offset),
 * then the images themselves, stored as PNG (supported by Windows since Vista).
 */
function icoFile(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = Buffer.alloc(16 * images.length);
  let offset = header.length + entries.length;
  images.forEach(({ size, png }, i) => {
    if (size > 256) throw new Error(`An ICO entry cannot be larger than 256 pixels, not ${size}`);
    const at = i * 16;
    entries.writeUInt8(size === 256 ? 0 : size, at);
    entries.writeUInt8(size === 256 ? 0 : size, at + 1);
    entries.writeUInt8(0, at + 2);
    entries.writeUInt8(0, at + 3);
    entries.writeUInt16LE(1, at + 4);
    entries.writeUInt16LE(32, at + 6);
    entries.writeUInt32LE(png.length, at + 8);
    entries.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, entries, ...images.map((image) => image.png)]);
}

/**
 * An ICNS file: the magic 'icns' and the file's total length (big-endian), then one element per image:
 * a four-character type, the element's length including its 8-byte header, and the PNG data.
 */
function icnsFile(elements: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const parts = elements.map(({ type, png }) => {
    if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Error(`An ICNS type is four ASCII characters, not ${JSON.stringify(type)}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

async function main(): Promise<void> {
  const svg = await readFile(`${RESOURCES}icon.svg`, 'utf8');
  const sizes = new Set([WINDOW_ICON_SIZE, ...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)]);
  const pngs = new Map<number, Buffer>();
  const browser = await launchChromium();
  try {
    // One viewport as large as the largest rendition; each shot is clipped to its own size.
    const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
    for (const size of [...sizes].sort((a, b) => a - b)) pngs.set(size, await renderPng(page, svg, size));
  } finally {
    await browser.close();
  }
  const png = (size: number): Buffer => pngs.get(size) ?? Buffer.alloc(0);

  await writeFile(`${RESOURCES}icon.png`, png(WINDOW_ICON_SIZE));
  await mkdir(`${RESOURCES}icons`, { recursive: true });
  const linuxNames = new Set(LINUX_SIZES.map((size) => `${size}x${size}.png`));
  for (const name of await readdir(`${RESOURCES}icons`)) {
    // A size dropped from LINUX_SIZES: electron-builder would still install it. Only NxN.png names are ours.
    if (/^\d+x\d+\.png$/.test(name) && !linuxNames.has(name)) await rm(`${RESOURCES}icons/${name}`);
  }
  for (const size of LINUX_SIZES) await writeFile(`${RESOURCES}icons/${size}x${size}.png`, png(size));
  await writeFile(`${RESOURCES}icon.ico`, icoFile(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  await writeFile(`${RESOURCES}icon.icns`, icnsFile(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  console.log(`wrote icon.png, icons/ (${LINUX_SIZES.join(', ')}), icon.ico and icon.icns in ${RESOURCES}`);
}

await main();

// Renders resources/icon.svg to the PNG sizes the desktop shell and packagers use, with Debian's
// Chromium through playwright-core. Run: npx tsx scripts/render-icons.ts
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/support/browser';

const RESOURCES = fileURLToPath(new URL('../resources/', import.meta.url));
const SIZES = [512, 256] as const;

const svg = await readFile(`${RESOURCES}icon.svg`, 'utf8');
const browser = await launchChromium();
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<body style="margin:0;background:transparent">${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}</body>`);
    const name = size === 512 ? 'icon.png' : `icon-${size}.png`;
    await page.screenshot({ path: `${RESOURCES}${name}`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}

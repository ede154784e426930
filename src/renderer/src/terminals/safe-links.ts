// Which links a terminal may offer to open: absolute http(s) URLs only. Anything else a program
// prints (file:, javascript:, custom schemes via OSC 8) is never opened.

/** The normalised URL when `text` is an http(s) link, else null. */
export function httpUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.href;
}

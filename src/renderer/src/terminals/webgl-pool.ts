// WebGL rendering for visible terminals only, within a budget of GPU contexts, with the DOM
// renderer as the fallback whenever WebGL is missing, slow (software), full, or lost.
//
// Atlas corruption: the WebGL renderer caches glyphs in a texture atlas. When the GPU drops the
// context (driver reset, too many contexts, sleep) the atlas is gone: on `onContextLoss` the slot
// disposes the addon, so xterm falls back to its DOM renderer for that terminal, and the terminal
// does not ask for WebGL again. On a theme change the registry calls `clearTextureAtlas` so no glyph
// keeps the old colours.

/** Most WebGL contexts at once. Chromium allows about 16 per page and drops the oldest beyond that
 * (performance.md T8); 8 leaves room for other canvases and never makes Chromium evict one of ours. */
export const MAX_WEBGL_CONTEXTS = 8;

/** The part of @xterm/addon-webgl's WebglAddon the pool uses (a fake in tests). */
export interface WebglAddonLike {
  readonly onContextLoss: (listener: () => void) => { dispose(): void };
  clearTextureAtlas(): void;
  dispose(): void;
}

/** One terminal's WebGL renderer. */
export interface WebglSlot {
  clearTextureAtlas(): void;
  /** Disposes the addon (xterm switches back to the DOM renderer) and frees the context. */
  release(): void;
}

export interface WebglPoolDeps<A extends WebglAddonLike> {
  /** Whether hardware WebGL2 is worth using here; asked once, on the first acquire. */
  readonly supported: () => boolean;
  readonly create: () => A;
  readonly max?: number;
}

export class WebglPool<A extends WebglAddonLike> {
  private inUse = 0;
  private usable: boolean | undefined;

  constructor(private readonly deps: WebglPoolDeps<A>) {}

  /** Loads WebGL into `term` if the budget allows; null means the DOM renderer stays. */
  acquire(term: { loadAddon(addon: A): void }, onLost: () => void): WebglSlot | null {
    if (this.inUse >= (this.deps.max ?? MAX_WEBGL_CONTEXTS)) return null;
    this.usable ??= this.deps.supported();
    if (!this.usable) return null;
    let addon: A | undefined;
    try {
      addon = this.deps.create();
      term.loadAddon(addon);
    } catch {
      // No WebGL2 after all (blocklisted GPU, context creation failed): DOM from now on.
      this.usable = false;
      try {
        addon?.dispose();
      } catch {
        // a half-activated addon may fail to dispose; it holds no context then
      }
      return null;
    }
    const loaded = addon;
    this.inUse += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.inUse -= 1;
      lossListener.dispose();
      loaded.dispose();
    };
    const lossListener = loaded.onContextLoss(() => {
      release();
      onLost();
    });
    return { release, clearTextureAtlas: () => loaded.clearTextureAtlas() };
  }

  /** WebGL contexts held right now. */
  get count(): number {
    return this.inUse;
  }
}

/** Renderer strings of software rasterizers: WebGL there costs more CPU than the DOM renderer. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * Whether this browser has hardware-accelerated WebGL2. Chromium with --disable-gpu (CI, headless,
 * some VMs) still offers WebGL through SwiftShader, which is slower than the DOM renderer.
 */
export function hasHardwareWebgl2(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext(); // give the probe's context back at once
  return !SOFTWARE_RENDERER.test(renderer);
}

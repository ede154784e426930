import { describe, expect, it } from 'vitest';
import { WebglPool, type WebglAddonLike } from './webgl-pool';

class FakeAddon implements WebglAddonLike {
  disposed = false;
  atlasCleared = 0;
  private lossListeners: (() => void)[] = [];
  readonly onContextLoss = (listener: () => void) => {
    this.lossListeners.push(listener);
    return { dispose: () => (this.lossListeners = this.lossListeners.filter((l) => l !== listener)) };
  };
  loseContext(): void {
    for (const l of [...this.lossListeners]) l();
  }
  clearTextureAtlas(): void {
    this.atlasCleared += 1;
  }
  dispose(): void {
    this.disposed = true;
  }
}

const term = { loadAddon: () => {} };

describe('WebglPool', () => {
  it('never holds more contexts than its budget and frees one on release', () => {
    const pool = new WebglPool({ supported: () => true, create: () => new FakeAddon(), max: 2 });
    const a = pool.acquire(term, () => {});
    const b = pool.acquire(term, () => {});
    expect(pool.acquire(term, () => {})).toBeNull();
    expect(pool.count).toBe(2);
    a?.release();
    a?.release(); // twice is harmless
    expect(pool.count).toBe(1);
    expect(pool.acquire(term, () => {})).not.toBeNull();
    b?.clearTextureAtlas();
  });

  it('on context loss disposes the addon, frees the slot and tells the terminal', () => {
    const addons: FakeAddon[] = [];
    const pool = new WebglPool({ supported: () => true, create: () => addons[addons.push(new FakeAddon()) - 1]!, max: 1 });
    let lost = 0;
    pool.acquire(term, () => (lost += 1));
    addons[0]!.loseContext();
    expect(addons[0]!.disposed).toBe(true);
    expect(lost).toBe(1);
    expect(pool.count).toBe(0);
  });

  it('falls back to the DOM renderer when WebGL is unsupported or loading throws', () => {
    let asked = 0;
    const none = new WebglPool({ supported: () => (asked++, false), create: () => new FakeAddon() });
    expect(none.acquire(term, () => {})).toBeNull();
    expect(none.acquire(term, () => {})).toBeNull();
    expect(asked).toBe(1);

    const addon = new FakeAddon();
    const broken = new WebglPool({ supported: () => true, create: () => addon });
    const throwing = { loadAddon: () => { throw new Error('WebGL2 not supported'); } };
    expect(broken.acquire(throwing, () => {})).toBeNull();
    expect(addon.disposed).toBe(true);
    expect(broken.count).toBe(0);
    expect(broken.acquire(term, () => {})).toBeNull(); // not tried again
  });
});

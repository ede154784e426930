// The packaging configuration (electron-builder.yml) checked without packaging anything: no Electron binary
// and no network here. electron-builder's own code loads and validates it and matches its globs (reached
// through electron-builder, our devDependency), and what it promises is checked against the real files:
// the native addons in node_modules, the build's entry points, and the icons in resources/.
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../electron.vite.config';
import { WORKER_CANDIDATES } from '../src/core/store/transcript-worker-start';
import { icnsElements, icoEntries, pngAlpha, pngHeader } from './helpers/icon-files';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url))); // no trailing slash, as electron-builder's appDir
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

// ── electron-builder's internals (app-builder-lib, resolved from electron-builder's own folder) ──────────
type Filter = (file: string, stat: Stats) => boolean;
interface Matcher {
  from: string;
  createFilter(): Filter;
}
interface PlatformOptions {
  target?: unknown;
  icon?: string | null;
  files?: unknown;
  entitlements?: string | null;
  [key: string]: unknown;
}
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const libRoot = dirname(builderRequire.resolve('app-builder-lib/package.json'));
const { getConfig, validateConfiguration } = builderRequire(join(libRoot, 'out/util/config/config.js')) as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const { getFileMatchers, getMainFileMatchers, getNodeModuleFileMatcher } = builderRequire(join(libRoot, 'out/fileMatcher.js')) as {
  getFileMatchers(config: Configuration, name: string, destination: string, options: object): Matcher[] | null;
  getMainFileMatchers(appDir: string, destination: string, expand: (s: string) => string, platform: object, packager: object, outDir: string, isElectronCompile: boolean): Matcher[];
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (s: string) => string, platform: object, packager: object): Matcher;
};
const validate = (config: Configuration) => validateConfiguration(structuredClone(config), { isEnabled: false, add: () => {} });
const noMacros = (s: string) => s;
/** The stat electron-builder passes for a file that is not a folder (build outputs may not exist yet). */
const FILE = { isDirectory: () => false } as Stats;

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
});

const platforms = () => ({ linux: config.linux as PlatformOptions, mac: config.mac as PlatformOptions, win: config.win as PlatformOptions });

/** A platform's targets as { target, arch[] }, whichever way the config writes them. */
function targetsOf(platform: PlatformOptions): Array<{ target: string; arch: string[] }> {
  const list = Array.isArray(platform.target) ? platform.target : [platform.target];
  return list.map((t) => (typeof t === 'string' ? { target: t, arch: [] } : { target: String(t.target), arch: [t.arch ?? []].flat().map(String) }));
}

// ── the files packaging depends on ────────────────────────────────────────────────────────────────────
/** Files electron-builder must leave outside app.asar: its own rule (libraries, executables) plus node-pty's helper. */
const isNative = (name: string) => /\.(node|dll|exe|dylib|so)$/.test(name) || name === 'spawn-helper';

/** Every file of the production dependency tree (what electron-builder copies), by path relative to ROOT. */
function productionFiles(): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (name: string, fromDir: string) => {
    let dir = fromDir;
    while (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
      if (dir === ROOT) return; // an optional dependency that is not installed
      dir = dirname(dir);
    }
    const root = join(dir, 'node_modules', name);
    if (seen.has(root)) return;
    seen.add(root);
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        if (entry.name === 'node_modules') continue; // nested packages are visited as dependencies
        if (entry.isDirectory()) walk(join(d, entry.name));
        else files.push(relative(ROOT, join(d, entry.name)));
      }
    };
    walk(root);
    const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies })) visit(dep, root);
  };
  for (const dep of Object.keys(pkg.dependencies as Record<string, string>)) visit(dep, ROOT);
  return files;
}

/** What the app loads from its own package at run time, as built by electron.vite.config.ts. */
function runtimeFiles(): string[] {
  const input = (side: 'main' | 'preload') => viteConfig[side]?.build?.rollupOptions?.input as Record<string, string>;
  const mainEntries = Object.keys(input('main')).map((name) => `out/main/${name}.js`);
  const preloadEntries = Object.keys(input('preload')).map((name) => `out/preload/${name}.cjs`);
  return [...mainEntries, ...preloadEntries, 'out/renderer/index.html', 'out/renderer/assets/index-0000.js', 'resources/icon.png'];
}

describe('electron-builder.yml', () => {
  it('is the configuration electron-builder loads, and its schema accepts it', async () => {
    expect(pkg.build, 'a "build" key in package.json would be used instead of electron-builder.yml').toBeUndefined();
    expect(config.appId).toBe('dev.switchyard.app');
    expect(config.productName).toBe('Switchyard');
    expect(config.directories?.output).toBe('dist');
    await expect(validate(config)).resolves.toBeUndefined();
    // The validator is live: a misspelled option, or one in the wrong place, is refused.
    await expect(validate({ ...config, asarUnpak: config.asarUnpack } as Configuration)).rejects.toThrow(/unknown property 'asarUnpak'/);
    await expect(validate({ ...config, nsis: { ...config.nsis, maintainer: 'x' } as Configuration['nsis'] })).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds AppImage and deb on Linux, a dmg each for Intel and Apple silicon, an NSIS installer on Windows', () => {
    const { linux, mac, win } = platforms();
    expect(targetsOf(linux).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(mac)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targetsOf(win)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true });
    expect(mac.category).toBe('public.app-category.developer-tools');
    expect(config.dmg?.artifactName, 'the two dmgs need different names').toContain('${arch}');
  });

  it('gives the deb what it needs: a maintainer with an email, a homepage, a category and git', () => {
    expect(config.deb?.maintainer).toMatch(/^[^<>]+ <[^<>@\s]+@[^<>@\s]+\.[a-z]+>$/);
    expect(String(config.extraMetadata?.homepage ?? pkg.homepage)).toMatch(/^https:\/\/\S+$/);
    expect(config.linux?.category).toBe('Development');
    expect(config.deb?.depends).toContain('git (>= 1:2.38)');
    expect(config.deb?.depends, 'custom depends replace the defaults: Electron needs GTK and NSS').toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3']));
  });

  it('leaves every native addon and helper program of the dependencies out of app.asar', () => {
    expect(config.asar).not.toBe(false);
    const unpack = getFileMatchers(config, 'asarUnpack', '/app', { macroExpander: noMacros, customBuildOptions: {}, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT });
    expect(unpack?.[0]).toBeDefined();
    const unpacked = unpack![0]!.createFilter();
    const natives = productionFiles().filter((file) => isNative(file.split('/').pop()!));
    expect(natives).toEqual(expect.arrayContaining([expect.stringMatching(/^node_modules\/better-sqlite3\/.*\.node$/), expect.stringMatching(/^node_modules\/node-pty\/.*\.node$/)]));
    expect(natives).toContain('node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper');
    expect(natives.filter((file) => !unpacked(join(ROOT, file), lstatSync(join(ROOT, file))))).toEqual([]);
    // The node_modules exclusions in `files` keep every one of them, on every platform.
    for (const [name, platform] of Object.entries(platforms())) {
      const copied = getNodeModuleFileMatcher(ROOT, '/app', noMacros, platform, { config, debugLogger: { isEnabled: false } }).createFilter();
      expect(natives.filter((file) => !copied(join(ROOT, file), lstatSync(join(ROOT, file)))), `${name}: natives left out`).toEqual([]);
    }
    // ...and only what must be: the app's code and ordinary modules stay in the archive.
    expect(unpacked(join(ROOT, 'out/main/index.js'), FILE)).toBe(false);
    expect(unpacked(join(ROOT, 'node_modules/zod/package.json'), FILE)).toBe(false);
  });

  it('rebuilds nothing for Electron, because every native addon shipped is N-API', () => {
    expect(config.npmRebuild).toBe(false);
    const addons = productionFiles().filter((file) => file.endsWith('.node'));
    expect(addons.length).toBeGreaterThan(0);
    // An N-API addon exports napi_register_module_v1; one built against a Node ABI registers node_register_module_v<N>.
    const notNapi = addons.filter((file) => {
      const binary = readFileSync(join(ROOT, file));
      return !binary.includes('napi_register_module_v1') || binary.includes('node_register_module_v');
    });
    expect(notNapi).toEqual([]);
  });

  it('packs the build output and the window icon, and none of the sources, on every platform', () => {
    const wanted = runtimeFiles();
    expect(wanted).toEqual(expect.arrayContaining(['out/main/index.js', 'out/main/transcript-worker.js', 'out/preload/index.cjs']));
    for (const [name, platform] of Object.entries(platforms())) {
      const packager = { info: { projectDir: ROOT, buildResourcesDir: join(ROOT, config.directories?.buildResources ?? 'build'), config, isPrepackedAppAsar: false, debugLogger: { isEnabled: false } } };
      const main = getMainFileMatchers(ROOT, '/app', noMacros, platform, packager, resolve(ROOT, config.directories?.output ?? 'dist'), false)[0]!;
      expect(main.from).toBe(ROOT);
      const packed = main.createFilter();
      expect(wanted.filter((file) => !packed(join(ROOT, file), FILE)), `${name}: missing from app.asar`).toEqual([]);
      const sources = ['src/main/index.ts', 'test/packaging.test.ts', 'electron-builder.yml', 'resources/icon.svg', 'dist/Switchyard-0.1.0.AppImage'];
      expect(sources.filter((file) => packed(join(ROOT, file), FILE)), `${name}: packed but not needed`).toEqual([]);
    }
  });

  it('starts the main bundle the build produces, which finds its SQLite worker next to it', () => {
    const input = viteConfig.main?.build?.rollupOptions?.input as Record<string, string>;
    expect(viteConfig.main?.build?.outDir, 'electron-vite then writes out/main').toBeUndefined();
    expect(input.index).toBe(join(ROOT, 'src/main/index.ts'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(input['transcript-worker']).toBe(join(ROOT, 'src/core/store/transcript-worker.ts'));
    expect(WORKER_CANDIDATES).toContain('./transcript-worker.js');
  });

  it('names only files that exist: icons, extra resources, entitlements', () => {
    const named: string[] = [];
    for (const platform of [config, ...Object.values(platforms())] as PlatformOptions[]) {
      if (platform.icon) named.push(platform.icon);
      if (platform.entitlements) named.push(platform.entitlements);
      for (const key of ['extraResources', 'extraFiles']) {
        for (const entry of [platform[key] ?? []].flat()) named.push(typeof entry === 'string' ? entry : String((entry as { from?: string }).from));
      }
    }
    if (typeof config.afterPack === 'string') named.push(config.afterPack);
    expect(named).toEqual(expect.arrayContaining(['resources/icons', 'resources/icon.icns', 'resources/icon.ico', './scripts/after-pack.mjs']));
    expect(named.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });

  it("gives node-pty's macOS spawn-helper its execute bit back after packing, and refuses a package without node-pty", async () => {
    const hookFile = resolve(ROOT, String(config.afterPack));
    const afterPack = ((await import(pathToFileURL(hookFile).href)) as { default: (context: object) => Promise<void> }).default;
    const appOutDir = mkdtempSync(join(tmpdir(), 'sy-pack-'));
    try {
      const context = { appOutDir, electronPlatformName: 'darwin', packager: { getResourcesDir: (dir: string) => join(dir, 'Contents', 'Resources') } };
      await expect(afterPack(context)).rejects.toThrow(/node-pty is not unpacked/);
      const helperDir = join(appOutDir, 'Contents/Resources/app.asar.unpacked/node_modules/node-pty/prebuilds/darwin-arm64');
      mkdirSync(helperDir, { recursive: true });
      copyFileSync(join(ROOT, 'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper'), join(helperDir, 'spawn-helper'));
      chmodSync(join(helperDir, 'spawn-helper'), 0o644); // as node-pty 1.1.0 publishes it
      await afterPack(context);
      expect(statSync(join(helperDir, 'spawn-helper')).mode & 0o777).toBe(0o755);
    } finally {
      rmSync(appOutDir, { recursive: true, force: true });
    }
  });

  it('keeps the RunAsNode fuse on: agents run the hook relay as the app executable with ELECTRON_RUN_AS_NODE=1', () => {
    expect(config.electronFuses?.runAsNode).not.toBe(false);
  });
});

describe('icons in resources/', () => {
  const file = (name: string) => readFileSync(join(ROOT, 'resources', name));
  /** Transparent at the corner (outside the rounded square), opaque in the middle: rendered without a backdrop. */
  const expectCutOut = (png: Buffer) => {
    const { width, height, alpha } = pngAlpha(png);
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(width >> 1, height >> 1)).toBe(255);
  };

  it('has the window icon: a 512×512 RGBA PNG with transparent corners', () => {
    const png = file('icon.png');
    expect(pngHeader(png)).toMatchObject({ width: 512, height: 512, bitDepth: 8, colorType: 6 });
    expectCutOut(png);
    expect(file('icon.svg').toString()).toMatch(/<svg[^>]+viewBox="0 0 512 512"/);
  });

  it('has the Linux icon set: NxN.png files of those sizes, 16 to 512', () => {
    const names = readdirSync(join(ROOT, 'resources/icons'));
    const sizes = names.map((name) => Number(/^(\d+)x\1\.png$/.exec(name)?.[1]));
    expect(sizes.every((size) => size > 0), `unexpected names: ${names.join(', ')}`).toBe(true);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
    for (const size of sizes) expect(pngHeader(file(`icons/${size}x${size}.png`))).toMatchObject({ width: size, height: size, colorType: 6 });
  });

  it('has the Windows icon: an ICO whose entries are PNGs of the sizes they claim, up to 256', () => {
    const entries = icoEntries(file('icon.ico'));
    expect(entries.map((e) => e.width)).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]));
    for (const entry of entries) {
      expect(entry.height).toBe(entry.width);
      expect(entry.bitCount).toBe(32);
      expect(pngHeader(entry.data)).toMatchObject({ width: entry.width, height: entry.width, colorType: 6 });
    }
  });

  it('has the macOS icon: an ICNS with PNG elements ic07 to ic10 (128 to 1024) of the right sizes', () => {
    const elements = icnsElements(file('icon.icns'));
    const SIZES: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    expect([...elements.keys()]).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
    for (const [type, data] of elements) {
      expect(SIZES[type], `unknown element ${type}`).toBeDefined();
      expect(pngHeader(data)).toMatchObject({ width: SIZES[type], height: SIZES[type], colorType: 6 });
    }
    expectCutOut(elements.get('ic10')!);
  });
});

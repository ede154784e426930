// Vite's ambient types for the probe page (CSS side-effect imports), as src/renderer/src/env.d.ts.
/// <reference types="vite/client" />

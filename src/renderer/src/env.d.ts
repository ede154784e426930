// Vite's ambient types for the renderer: CSS side-effect imports, import.meta.env.
/// <reference types="vite/client" />

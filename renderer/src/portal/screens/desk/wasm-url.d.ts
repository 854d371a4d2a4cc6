/** Vite's `?url` import of the ZXing WebAssembly: the address of the file as the portal build publishes it. */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}

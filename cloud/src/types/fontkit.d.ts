// fontkit ships no types; the PDF renderer only parses a font once and hands it to pdfkit.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): { readonly postscriptName: string };
}

/**
 * The Abidjan tiles archive, made once per drawing version: read from the cloud's data directory when a previous run
 * left it there, else drawn (a few seconds) and written beside the other data, atomically (a temporary name, then a
 * rename), so a crash never leaves half a file that later runs would serve. Its ETag is the hash of its bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateAbidjanArchive, tilesVersion } from './tiles-generate.js';

export interface Archive {
  readonly bytes: Buffer;
  readonly etag: string;
}

const isArchive = (bytes: Buffer): boolean =>
  bytes.length > 127 && bytes.subarray(0, 7).toString('ascii') === 'PMTiles';

export class TilesArchive {
  private loading: Promise<Archive> | undefined;

  constructor(private readonly directory: string) {}

  get file(): string {
    return path.join(this.directory, `abidjan-v${String(tilesVersion)}.pmtiles`);
  }

  /** The archive, loaded or made at the first call; a failure is retried at the next. */
  get(): Promise<Archive> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<Archive> {
    const cached: Buffer | null = await readFile(this.file).catch(() => null);
    let bytes: Buffer;
    if (cached !== null && isArchive(cached)) bytes = cached;
    else {
      bytes = generateAbidjanArchive();
      await mkdir(this.directory, { recursive: true });
      const temporary = `${this.file}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, this.file);
    }
    return { bytes, etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"` };
  }
}

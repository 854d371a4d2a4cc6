// Types of the plain JavaScript installer (it runs before anything is installed).
export interface SystemPackage {
  readonly name: string;
  readonly provides: readonly string[];
  readonly why: string;
  readonly noRecommends?: boolean;
}
export declare function readPackageList(file?: string): SystemPackage[];
export declare function provided(entry: string, pathEnv: string | undefined): boolean;
export declare function missingPackages(
  packages: readonly SystemPackage[],
  pathEnv: string | undefined,
): SystemPackage[];
export declare function installCommand(missing: readonly SystemPackage[], prefix?: string): string;
export declare function installPrivilege(env?: NodeJS.ProcessEnv): 'root' | 'sudo' | 'none';
export declare function ensureSystemPackages(options?: {
  env?: NodeJS.ProcessEnv;
  out?: { write(text: string): unknown };
  err?: { write(text: string): unknown };
  packages?: readonly SystemPackage[];
}): boolean;

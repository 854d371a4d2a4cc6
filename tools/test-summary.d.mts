// Types of the plain JavaScript summary (it runs before anything is installed).
export declare function databaseOf(fullName: string): 'embedded PGlite' | 'PostgreSQL server' | 'no database';
export declare function summarise(report: unknown): string;

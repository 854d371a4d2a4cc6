// Types of tools/generate-portal-api.mjs for the TypeScript tests that call it.
export declare const portalApiTypesFile: string;
export declare function cloudOpenApiDocument(): Promise<unknown>;
export declare function portalApiTypes(): Promise<string>;

export declare const SERVE_NODE_OPTIONS: string;
export declare function serveNodeOptions(existing?: string): string;
export declare function isWorker(args: readonly string[]): boolean;

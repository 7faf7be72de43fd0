export declare const SERVE_NODE_OPTIONS: string;
export declare function serveNodeOptions(existing?: string): string;

import type { nb } from './nb.ts';

export type MessageKey = keyof typeof nb;
/** Every locale must have every key of the bokmål catalog: a missing one fails `tsc`. */
export type CatalogShape = Record<MessageKey, string>;

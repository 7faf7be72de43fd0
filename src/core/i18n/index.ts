export type { CatalogShape, MessageKey } from './catalog-shape.ts';
export { catalogs, type MessageParams, placeholdersOf, t } from './translate.ts';

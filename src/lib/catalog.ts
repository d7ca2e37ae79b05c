/**
 * `context-accountant/catalog`: the dated model catalog (limits, list prices, prompt caching, price
 * tiers, where each figure came from) that every command prices from, alone.
 *
 * @packageDocumentation
 * @module context-accountant/catalog
 */
export { catalogAsOf, catalogModels, featuredModels, findModel, requireModel, UnknownModelError, UnknownWindowError } from '../core/catalog.js';
export type { BatchPrice, CatalogModel, ModelEntry, ModelOverrides, PriceTier, WriteReadCacheRule } from '../core/catalog.js';

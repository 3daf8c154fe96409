// What counts as a shop: the permanent `<name>.myshopify.com` host every signed Shopify request names.
// Custom domains and `admin.shopify.com/store/<name>` URLs are deliberately not accepted here.

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/i;

/** True for a bare `<name>.myshopify.com` host (no scheme, port, path or trailing dot). */
export function isShopDomain(value: unknown): value is string {
  return typeof value === 'string' && SHOP_DOMAIN.test(value);
}

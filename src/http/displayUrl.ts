/** A URL as it may appear in a message: origin and path, without credentials or query. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

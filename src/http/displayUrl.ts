/**
 * A URL as it may appear in a message: scheme, host and port, and only the last path segment
 * (the endpoint we asked for). The rest of the path is `…`: a gateway's token can sit there.
 * @example displayUrl(new URL('https://gw.example/t/sk-123/v1/models?x=1')) // 'https://gw.example/…/models'
 */
export function displayUrl(url: URL): string {
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined) return `${url.origin}/`;
  return segments.length === 1 ? `${url.origin}/${last}` : `${url.origin}/…/${last}`;
}

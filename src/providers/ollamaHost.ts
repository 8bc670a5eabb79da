/** Ollama's port when `OLLAMA_HOST` names only a host. */
export const OLLAMA_DEFAULT_PORT = 11434;

/**
 * The base URL that `OLLAMA_HOST` means, read as Ollama's own client reads it: a bare
 * `host[:port]` gets `http://` (and port 11434 when none is given); `0.0.0.0` and `::` —
 * addresses a server listens on, not ones a client can reach — mean the loopback address.
 * `undefined` when the value is empty or not a usable address.
 * @example ollamaBaseUrl('0.0.0.0:11434') // 'http://127.0.0.1:11434'
 */
export function ollamaBaseUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  if (!hasScheme && url.port === '') url.port = String(OLLAMA_DEFAULT_PORT);
  return url.href.replace(/\/+$/, '');
}

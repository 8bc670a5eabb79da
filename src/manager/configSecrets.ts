import type { ScopedModelsConfig } from '../config/schema.js';

/** Every credential the config holds (keys, header values, a store URL's user and password), to keep out of messages. */
export function configSecrets(config: ScopedModelsConfig): string[] {
  return [
    ...config.providers.flatMap((provider) => [
      ...(provider.apiKey === undefined ? [] : [provider.apiKey.reveal()]),
      ...Object.values(provider.headers ?? {}).map((value) => value.reveal()),
    ]),
    ...(config.store?.url === undefined ? [] : urlCredentials(config.store.url.reveal())),
  ];
}

/** The credentials in a store URL, raw and decoded: a URL without any is no secret. */
function urlCredentials(url: string): string[] {
  try {
    const { username, password } = new URL(url);
    return [username, password, decodeURIComponent(username), decodeURIComponent(password)].filter((part) => part !== '');
  } catch {
    return [url];
  }
}

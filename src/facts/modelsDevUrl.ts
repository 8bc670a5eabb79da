/** Where `scoped-models catalog update` fetches the current models.dev catalog from. */
export const MODELS_DEV_URL = 'https://models.dev/api.json';

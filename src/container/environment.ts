/** The environments that choose bindings. */
export type Environment = 'production' | 'development' | 'test';

/** `development` and `test` as they are; any other set value means `production`; unset means `development`. */
export function environmentFromNodeEnv(nodeEnv: string | undefined): Environment {
  if (nodeEnv === undefined || nodeEnv === '') return 'development';
  if (nodeEnv === 'development' || nodeEnv === 'test') return nodeEnv;
  return 'production';
}

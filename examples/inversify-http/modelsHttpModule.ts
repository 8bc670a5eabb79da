// The module an application loads into its own container to serve the catalog. The handler
// (TYPES.ModelsHandler) comes from the scoped-models container, made the parent of the app's.
import { ContainerModule } from 'inversify';
import { ModelsController } from './ModelsController.js';

export const modelsHttpModule = new ContainerModule(({ bind }) => {
  bind(ModelsController).toSelf().inSingletonScope();
});

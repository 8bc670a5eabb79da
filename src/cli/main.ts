#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { createContainer } from '../container/createContainer.js';
import type { ProviderManager } from '../manager/ProviderManager.js';
import { TYPES } from '../tokens.js';

const program = new Command('scoped-models').description('List the provider-scoped model ids you can pick right now.');

program
  .command('list')
  .description('discover, then print the valid scoped models and the discovery report')
  .option('--config <path>', 'a JSON configuration file')
  .action(async (options: { config?: string }) => {
    const container = createContainer(options.config === undefined ? {} : { config: options.config });
    const manager = container.get<ProviderManager>(TYPES.ProviderManager);
    const report = await manager.discoverModels();
    for (const id of manager.validScopedModels()) console.log(id);
    console.log();
    for (const provider of report.providers) {
      console.log(`${provider.name}: ${provider.status}, ${provider.models} models, ${provider.durationMs} ms${provider.error ? ` (${provider.error})` : ''}`);
    }
  });

await program.parseAsync();

// `node --import ./libs/testing/ts-register.mjs apps/<service>/src/main.ts` runs a service from its sources.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);

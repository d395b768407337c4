// A worker thread starts without tsx's module hooks: register them here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./hostile-worker.ts');

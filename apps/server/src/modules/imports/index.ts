export {
  IMPORT_MAX_ATTEMPTS,
  IMPORT_TASK,
  importsRepository,
  type DirectoryWriters,
  type ImportActor,
  type ImportsRepository,
} from './repository.js';
export { formatOf } from './read.js';
export { importsRoutes } from './routes.js';

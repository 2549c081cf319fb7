export { intakePipeline, type IntakePipeline, type Submission } from './pipeline.js';

export { apiSubmission } from './api.js';
export { clientAreaSubmission } from './client-area.js';
export { intakePipeline, type IntakePipeline, type Requester, type Stated, type Submission } from './pipeline.js';
export { intakeRoutes } from './routes.js';
export { emailIntake, startEmailDrain, type EmailIntake } from './email.js';

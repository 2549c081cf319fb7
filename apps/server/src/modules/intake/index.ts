export { apiSubmission } from './api.js';
export { clientAreaSubmission } from './client-area.js';
// A customer's phone call, taken by an agent in the console (issue 13 point 5).
export { phoneSubmission } from './phone.js';
export { intakePipeline, type IntakePipeline, type Requester, type Stated, type Submission } from './pipeline.js';
export { intakeRoutes } from './routes.js';
export { emailIntake, startEmailDrain, type EmailIntake } from './email.js';
// The email channel's table work: the raw store the receiver and poller are handed, and which ticket a mail continues.
export { inboundMail } from './inbound-mail.js';
export { emailThreads } from './email-threads.js';

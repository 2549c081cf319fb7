export { linkSignature, type LinkFields } from './link.js';
export { ssoRoutes } from './routes.js';
export { ssoSettings, type SsoSettings } from './settings.js';
export { billingSignIn, type BillingSignIn } from './sign-in.js';

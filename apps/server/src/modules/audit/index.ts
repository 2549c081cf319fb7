export { auditLog, type AuditLog, type AuditRecord, type AuditScope } from './audit-log.js';

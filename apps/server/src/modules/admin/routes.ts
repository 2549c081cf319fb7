import {
  ApiToken,
  ApiTokenCreated,
  ApiTokenInput,
  Department,
  DepartmentInput,
  DepartmentPatch,
  OutboxEmail,
  StaffUser,
  StaffUserInput,
  StaffUserPatch,
} from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { hashPassword, policies, type ApiTokens, type StaffRepository } from '../auth/index.js';
import type { Outbox } from '../email/index.js';
import type { DepartmentsRepository } from '../tickets/index.js';

export interface AdminRoutesOptions {
  staff: StaffRepository;
  departments: DepartmentsRepository;
  tokens: ApiTokens;
  outbox: Outbox;
}

const IdParams = z.object({ id: z.uuid() });

export const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = async (app, { staff, departments, tokens, outbox }) => {
  // Every route here is for admins only.
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  app.get('/api/admin/users', { schema: { tags: ['admin'], response: { 200: z.object({ users: z.array(StaffUser) }) } } }, async () => ({
    users: await staff.list(),
  }));

  app.post('/api/admin/users', { schema: { tags: ['admin'], body: StaffUserInput, response: { 201: StaffUser } } }, async (req, reply) => {
    try {
      const user = await staff.create({ ...req.body, passwordHash: await hashPassword(req.body.password) });
      return reply.code(201).send(user);
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      if (isForeignKeyViolation(err)) throw unknownDepartment();
      throw err;
    }
  });

  app.patch(
    '/api/admin/users/:id',
    { schema: { tags: ['admin'], params: IdParams, body: StaffUserPatch, response: { 200: StaffUser } } },
    async (req) => {
      const me = policies.staff(req, 'admin');
      const losesAdmin = req.body.disabled === true || req.body.role === 'agent';
      if (req.params.id === me.user.id && losesAdmin) {
        throw new AppError(
          'staff.cannot_demote_self',
          text(
            'You cannot disable yourself or take away your own admin role.',
            'Ne možete onemogućiti sebe niti sebi oduzeti ulogu administratora.',
          ),
        );
      }
      try {
        const user = await staff.update(req.params.id, req.body);
        if (!user) throw Errors.notFound('user');
        return user;
      } catch (err) {
        if (isForeignKeyViolation(err)) throw unknownDepartment();
        throw err;
      }
    },
  );

  app.get(
    '/api/admin/departments',
    { schema: { tags: ['admin'], response: { 200: z.object({ departments: z.array(Department) }) } } },
    async () => ({ departments: await departments.list() }),
  );

  app.post(
    '/api/admin/departments',
    { schema: { tags: ['admin'], body: DepartmentInput, response: { 201: Department } } },
    async (req, reply) => {
      try {
        return reply.code(201).send(await departments.create(req.body));
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
    },
  );

  app.patch(
    '/api/admin/departments/:id',
    { schema: { tags: ['admin'], params: IdParams, body: DepartmentPatch, response: { 200: Department } } },
    async (req) => {
      try {
        const department = await departments.update(req.params.id, req.body);
        if (!department) throw Errors.notFound('department');
        return department;
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken();
        throw err;
      }
    },
  );

  app.get(
    '/api/admin/api-tokens',
    { schema: { tags: ['admin'], response: { 200: z.object({ tokens: z.array(ApiToken) }) } } },
    async () => ({
      tokens: await tokens.list(),
    }),
  );

  app.post(
    '/api/admin/api-tokens',
    { schema: { tags: ['admin'], body: ApiTokenInput, response: { 201: ApiTokenCreated } } },
    async (req, reply) => {
      const me = policies.staff(req, 'admin');
      return reply.code(201).send(await tokens.create({ ...req.body, createdBy: me.user.id }));
    },
  );

  app.delete(
    '/api/admin/api-tokens/:id',
    { schema: { tags: ['admin'], params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      if (!(await tokens.revoke(req.params.id))) throw Errors.notFound('api_token');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/outbox',
    { schema: { tags: ['admin'], response: { 200: z.object({ emails: z.array(OutboxEmail) }) } } },
    async () => ({
      emails: await outbox.recent(),
    }),
  );
};

const emailTaken = () =>
  new AppError('staff.email_taken', text('A user with this email already exists.', 'Korisnik s ovom adresom e-pošte već postoji.'), [
    { path: 'email', code: 'taken', message: text('This email is already in use.', 'Ova adresa e-pošte se već koristi.') },
  ]);
const slugTaken = () =>
  new AppError('department.slug_taken', text('A department with this slug already exists.', 'Odjel s ovom oznakom već postoji.'), [
    { path: 'slug', code: 'taken', message: text('This slug is already in use.', 'Ova oznaka se već koristi.') },
  ]);
const unknownDepartment = () =>
  new AppError('department.unknown', text('One of the departments does not exist.', 'Jedan od odjela ne postoji.'), [
    { path: 'departmentIds', code: 'not_found', message: text('Choose existing departments.', 'Odaberite postojeće odjele.') },
  ]);

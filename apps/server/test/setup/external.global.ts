import type { TestProject } from 'vitest/node';
import { createTemplate, serverUrlOf } from './template.js';

/** Runs the integration suite on the PostgreSQL in TEST_DATABASE_URL (e.g. the machine's own). */
export default async function setup(project: TestProject) {
  const serverUrl = serverUrlOf(process.env.TEST_DATABASE_URL!);
  const template = await createTemplate(serverUrl);
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDatabase', template.name);
  return () => template.drop();
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';

const STEP_MS = 30_000;
/**
 * The time steps whose codes a journey has already used, per secret. The server takes a code once, and journeys
 * run one file at a time but in separate workers, so what was used is kept on disk, not in memory.
 */
const USED = path.resolve(import.meta.dirname, '../output/totp-used-steps.json');

function usedSteps(): Record<string, number> {
  if (!existsSync(USED)) return {};
  try {
    return JSON.parse(readFileSync(USED, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * A TOTP code no journey has used yet: when this time step's code was taken (by this journey or an earlier one),
 * waits for the next step. Without it a login right after another journey's is refused as a replay.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  const used = usedSteps();
  const lastUsed = used[secret] ?? -1;
  let step = Math.floor(Date.now() / STEP_MS);
  if (step <= lastUsed) {
    await new Promise((resolve) => setTimeout(resolve, (lastUsed + 1) * STEP_MS - Date.now() + 200));
    step = Math.floor(Date.now() / STEP_MS);
  }
  mkdirSync(path.dirname(USED), { recursive: true });
  writeFileSync(USED, JSON.stringify({ ...used, [secret]: step }));
  return generate({ secret, epoch: (step * STEP_MS) / 1000 });
}

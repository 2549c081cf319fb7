import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

// Evaluated over the DevTools protocol rather than added as a <script>: the app's
// Content-Security-Policy refuses inline scripts, and the check must not need it loosened.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a journey (issue 10 point 10); moderate and minor ones are reported only. */
const FAILING: ReadonlySet<ImpactValue> = new Set(['critical', 'serious']);

const OPTIONS: RunOptions = {
  resultTypes: ['violations'],
  // Off by default in axe (experimental), but a visible label that differs from the accessible
  // name breaks speech control ("click Send"), so it is checked too.
  rules: { 'label-content-name-mismatch': { enabled: true } },
};

/** One line per element: the rule, its impact, where, and axe's summary of what to fix. */
export function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `- ${v.id} (${node.impact ?? v.impact}) ${node.target.join(' ')}: ${v.help}\n    ${node.html.slice(0, 200)}` +
          (node.failureSummary ? `\n    ${node.failureSummary.replaceAll('\n', '\n    ')}` : ''),
      ),
    )
    .join('\n');
}

/** Runs axe-core on the page as it is now; the violations, failing ones first. */
export async function axeViolations(page: Page): Promise<{ failing: Result[]; other: Result[] }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: { run: (ctx: Document, o: RunOptions) => Promise<AxeResults> } }).axe.run(document, options),
    OPTIONS,
  );
  const failing = results.violations.filter((v) => v.nodes.some((n) => FAILING.has(n.impact ?? v.impact ?? 'minor')));
  const other = results.violations.filter((v) => !failing.includes(v));
  return { failing, other };
}

/**
 * Fails with every critical or serious violation on the page, named by `state` so that the
 * failure says which page state it was; lesser ones are printed so they are seen, not hidden.
 */
export async function assertAccessible(page: Page, state: string): Promise<void> {
  const { failing, other } = await axeViolations(page);
  if (other.length > 0) console.warn(`axe: lesser violations on ${state} (${page.url()}):\n${describeViolations(other)}`);
  if (failing.length > 0) {
    throw new Error(`axe: critical or serious violations on ${state} (${page.url()}):\n${describeViolations(failing)}`);
  }
}

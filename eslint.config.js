import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Modules meet only through their index.ts (issue 11 point 4; docs/architecture.md, "Layout"). A module is a folder in
 * apps/server/src/modules/. From anywhere else (another module, http/, worker.ts, demo.ts, cli.ts, the server's tests
 * in apps/server/test, bench/, e2e/) only `<module>/index.js` may be imported; what a caller needs, the owning module
 * exports from its index.ts. Inside a module files import each other freely, and so do the unit tests beside them
 * (`./clock.js` from clock.test.ts). The integration tests in apps/server/test are callers like any other: they go
 * through index.ts, so they exercise the interface the rest of the server uses.
 * no-restricted-imports matches the import's text, not the file it resolves to, so leaving a module is spelled per
 * depth: from a file N folders below its module's folder, `../` N + 1 times reaches the other modules.
 */
const MODULE_INTERNAL = '[a-z][a-z0-9-]*/(?!index\\.js$)';
const throughIndex = (regex) => ({
  regex,
  message: 'Modules meet only through their index.ts: import `<module>/index.js` and export what is needed there.',
});
const namesModulesFolder = throughIndex(`(^|/)modules/${MODULE_INTERNAL}`);
const moduleBoundaries = [
  { files: ['apps/server/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'], patterns: [namesModulesFolder] },
  // A later config's options replace an earlier one's, so each depth restates the modules-folder pattern.
  ...[0, 1, 2].map((depth) => ({
    files: [`apps/server/src/modules/*/${'*/'.repeat(depth)}*.ts`],
    patterns: [namesModulesFolder, throughIndex(`^(\\.\\./){${depth + 1}}${MODULE_INTERNAL}`)],
  })),
].map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'e2e/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...moduleBoundaries,
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);

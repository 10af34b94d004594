// Lint, and the layer rules of design/architecture.md: a layer that imports what it may not fails CI.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = { regex: '^node:', message: 'This layer may not use Node APIs.' }
const layer = (name) => ({ regex: `(^|/)${name}(/|$)`, message: `This layer may not import from ${name}/.` })
// what all of renderer/ may not import; renderer/src/data's block restates it (a later block's rule replaces the earlier one)
const rendererBans = [nodeBuiltins, layer('electron'), layer('server')]

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'release',
      'coverage',
      'data',
      'test-results',
      'playwright-report',
      '.tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'test/**', 'server/**', 'electron/**', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // shared/: pure. Only luxon, zod and itself.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            layer('renderer'),
            layer('electron'),
            layer('server'),
            layer('test'),
            {
              regex: '^(?!\\.|@shared/|luxon$|zod$)',
              message: 'shared/ is pure: it may import only luxon, zod and shared/ itself.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'shared/ has no DOM.' },
        { name: 'document', message: 'shared/ has no DOM.' },
        { name: 'process', message: 'shared/ has no Node.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'shared/ is pure: time is an argument (D-4).',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'shared/ is pure: time is an argument (D-4).',
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']",
          message: 'shared/ is pure: time is an argument (D-4).',
        },
      ],
    },
  },
  // renderer/: browser only.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererBans,
            { regex: '^electron$', message: 'The renderer talks to the host only through DesktopApi.' },
          ],
        },
      ],
    },
  },
  // The data layer is UI-free: no React in renderer/src/data/.
  {
    files: ['renderer/src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererBans,
            {
              regex: '^(react|react-dom|dexie-react-hooks)(/|$)',
              message: 'renderer/src/data/ has no React.',
            },
          ],
        },
      ],
    },
  },
  // electron/: never the renderer or the server.
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer('renderer'), layer('server')] }],
    },
  },
  // server/: never the renderer or electron.
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer('renderer'), layer('electron')] }],
    },
  },
)

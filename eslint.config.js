// Lint enforces the zones of DESIGN.md: a folder's name says where its code may run.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronBan = {
  paths: [{ name: 'electron', message: 'Only src/main/electron, src/main/index.ts and src/preload may import electron.' }]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', electronBan]
    }
  },
  {
    // shared runs anywhere: nothing of ours, no Node, no Electron.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronBan.paths,
          patterns: [
            { group: ['node:*'], message: 'src/shared runs anywhere: no Node built-ins.' },
            { group: ['../main/*', '../renderer/*', '../preload/*', '../../*'], message: 'src/shared imports nothing of ours.' }
          ]
        }
      ]
    }
  },
  {
    // The domain, the protocol, the CLI and the security policy are plain Node: no Electron, no renderer; SQL drivers
    // only in db/. The security decisions live in src/main/security so that each is tested without Electron.
    files: [
      'src/main/core/**/*.ts',
      'src/main/scim/**/*.ts',
      'src/main/cli/**/*.ts',
      'src/main/ipc/**/*.ts',
      'src/main/demo/**/*.ts',
      'src/main/security/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronBan.paths, { name: 'better-sqlite3', message: 'SQL lives in src/main/db; use a repository.' }],
          patterns: [
            { group: ['**/electron/*', '**/electron'], message: 'Only src/main/index.ts may reach src/main/electron.' },
            { group: ['**/renderer/**'], message: 'The main process never imports the renderer.' }
          ]
        }
      ]
    }
  },
  {
    // Only the Electron glue, its entry and the preload may import electron; raw ipcMain/ipcRenderer stay in their
    // wrappers (electron/ipc.ts validates each sender; the preload exposes the typed client), so that no channel
    // skips the contract.
    files: ['src/main/electron/**/*.ts', 'src/main/index.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/electron/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Raw IPC lives in src/main/electron/ipc.ts and src/preload/index.ts only: add a channel to the contract.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/electron/ipc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // TanStack Table is used on purpose; the compiler simply skips memoising those components.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: electronBan.paths,
          patterns: [
            { group: ['**/main/**', '**/preload/**', 'node:*'], message: 'The renderer imports only src/shared and its own code.' }
          ]
        }
      ],
      'no-restricted-globals': ['error', { name: 'api', message: 'Use src/renderer/src/api.' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'api', message: 'Only src/renderer/src/api touches window.api.' }]
    }
  },
  {
    files: ['src/renderer/src/api/**/*.{ts,tsx}'],
    rules: { 'no-restricted-properties': 'off' }
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.{ts,mjs}', '*.config.ts', '*.config.js', 'bin/**/*.mjs'],
    rules: { 'no-restricted-imports': 'off' }
  }
)

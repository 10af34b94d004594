/**
 * The layer rules of design/architecture.md are lint rules; this proves they still bite, by linting deliberate
 * violations as if they were files of each layer (nothing is written to disk).
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function restrictedMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message)
}

describe('layer rules', () => {
  it('shared/ may not import Node, the other layers, or any package but luxon and zod', async () => {
    const messages = await restrictedMessages(
      'shared/policy/violation.ts',
      [
        "import { readFileSync } from 'node:fs'",
        "import { App } from '../../renderer/src/app/App'",
        "import Fastify from 'fastify'",
        "import { DateTime } from 'luxon'",
        "import { z } from 'zod'",
        'export const used = [readFileSync, App, Fastify, DateTime, z]',
      ].join('\n'),
    )
    expect(messages.some((m) => m.includes("'node:fs'"))).toBe(true)
    expect(messages.some((m) => m.includes('renderer/'))).toBe(true)
    expect(messages.some((m) => m.includes("'fastify'"))).toBe(true)
    expect(messages.some((m) => m.includes("'luxon'") || m.includes("'zod'"))).toBe(false)
  })

  it('shared/ may not read the clock (D-4)', async () => {
    const messages = await restrictedMessages('shared/policy/violation.ts', 'export const now = Date.now()\n')
    expect(messages).toContain('shared/ is pure: time is an argument (D-4).')
  })

  it('renderer/ may not import electron, server/ or node:*', async () => {
    const messages = await restrictedMessages(
      'renderer/src/app/violation.ts',
      [
        "import { ipcRenderer } from 'electron'",
        "import { createServer } from '../../../server/src/http/app'",
        "import { join } from 'node:path'",
        'export const used = [ipcRenderer, createServer, join]',
      ].join('\n'),
    )
    expect(messages.some((m) => m.includes("'electron'"))).toBe(true)
    expect(messages.some((m) => m.includes('server/'))).toBe(true)
    expect(messages.some((m) => m.includes("'node:path'"))).toBe(true)
  })

  it('renderer/src/data/ may not import React', async () => {
    const messages = await restrictedMessages(
      'renderer/src/data/sync/violation.ts',
      "import { useState } from 'react'\nexport const used = useState\n",
    )
    expect(messages.some((m) => m.includes('has no React'))).toBe(true)
  })

  it('electron/ may not import renderer/ or server/', async () => {
    const messages = await restrictedMessages(
      'electron/main/violation.ts',
      [
        "import { App } from '../../renderer/src/app/App'",
        "import { createServer } from '../../server/src/http/app'",
        'export const used = [App, createServer]',
      ].join('\n'),
    )
    expect(messages.some((m) => m.includes('renderer/'))).toBe(true)
    expect(messages.some((m) => m.includes('server/'))).toBe(true)
  })

  it('allows what each layer may use', async () => {
    expect(
      await restrictedMessages(
        'renderer/src/app/fine.ts',
        "import { presets } from '@shared/policy'\nimport { create } from 'zustand'\nexport const used = [presets, create]\n",
      ),
    ).toEqual([])
  })
})

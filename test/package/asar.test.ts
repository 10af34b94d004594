/**
 * `npm run test:package` as a test: electron-builder packages the app (with a stand-in Electron binary,
 * which cannot be downloaded here) and app.asar must hold the built app and nothing else.
 */
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

interface PackageCheck {
  checkPackage(options?: { log?: (line: string) => void }): {
    asarPath: string
    files: string[]
    problems: string[]
    builderOutput: string
  }
  listingProblems(files: string[]): string[]
}

const script = pathToFileURL(`${process.cwd()}/scripts/check-package.mjs`).href

describe('the packaged app (electron-builder --dir --linux)', () => {
  it('holds out/main, out/preload, out/renderer and package.json, and nothing else', async () => {
    const { checkPackage } = (await import(script)) as PackageCheck
    const { files, problems, builderOutput } = checkPackage({ log: () => undefined })

    expect(problems).toEqual([])
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ]),
    )
    const stray = files.filter(
      (file) =>
        !['/out', '/out/main', '/out/preload', '/out/renderer', '/package.json'].includes(file) &&
        !/^\/out\/(main|preload|renderer)\//.test(file),
    )
    expect(stray).toEqual([])
    for (const forbidden of [
      /^\/electron\//,
      /^\/renderer\/src/,
      /^\/shared\//,
      /^\/server\//,
      /^\/test\//,
      /^\/\.ci/,
      /^\/data\//,
    ]) {
      expect(files.filter((file) => forbidden.test(file))).toEqual([])
    }
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([])
    expect(files.filter((file) => /\.tsx?$/.test(file))).toEqual([])
    // the fuse hook ran, and said plainly that it left the stand-in alone
    expect(builderOutput).toContain('fuses NOT flipped')
  }, 180_000)
})

describe('the listing check itself', () => {
  it('catches sources, tests, server code, data and node_modules that slip in', async () => {
    const { listingProblems } = (await import(script)) as PackageCheck
    const good = ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']
    expect(listingProblems(good)).toEqual([])
    const leaks = [
      '/electron/main/index.ts',
      '/renderer/src/main.tsx',
      '/shared/policy/index.ts',
      '/server/src/cli/main.ts',
      '/test/e2e/shell.spec.ts',
      '/.ci/run',
      '/data/caseload.sqlite',
      '/node_modules/vitest/package.json',
      '/out/main/index.js.map',
      '/out/web/index.html',
    ]
    const problems = listingProblems([...good, ...leaks])
    for (const leak of leaks) expect(problems.some((problem) => problem.startsWith(leak))).toBe(true)
    expect(listingProblems(['/package.json'])).toEqual(
      expect.arrayContaining(['missing /out/main/index.js', 'missing /out/preload/index.cjs']),
    )
  })
})

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINDING_ENV, electronNativeBinding, launchArgs, resolveNativeBinding, shellPaths } from '../../../src-main/electron/app-paths.js';

const root = join('/', 'repo');
const built = join(root, 'build', 'electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

describe('resolveNativeBinding', () => {
  it('uses the Electron-ABI copy in a development tree', () => {
    expect(electronNativeBinding(root)).toBe(built);
    expect(resolveNativeBinding({ appRoot: root, isPackaged: false, env: {}, exists: (p) => p === built })).toBe(built);
  });

  it('says what to run when the Electron-ABI copy was never built', () => {
    expect(() => resolveNativeBinding({ appRoot: root, isPackaged: false, env: {}, exists: () => false })).toThrow(
      /npm run rebuild:electron/,
    );
  });

  it('uses the default binding in a packaged app', () => {
    expect(resolveNativeBinding({ appRoot: root, isPackaged: true, env: {}, exists: () => false })).toBeUndefined();
  });

  it('honours an explicit override and refuses one that does not exist', () => {
    const env = { [BINDING_ENV]: '/opt/x.node' };
    expect(resolveNativeBinding({ appRoot: root, isPackaged: true, env, exists: (p) => p === '/opt/x.node' })).toBe('/opt/x.node');
    expect(() => resolveNativeBinding({ appRoot: root, isPackaged: false, env, exists: () => false })).toThrow(/does not exist/);
  });
});

describe('shellPaths', () => {
  it('finds the demo inside the app in development and in resources when packaged', () => {
    expect(shellPaths(root, false, '/res').demoDir).toBe(join(root, 'resources', 'demo'));
    expect(shellPaths(root, true, '/res').demoDir).toBe(join('/res', 'demo'));
    expect(shellPaths(root, true, '/res').preload).toBe(join(root, 'dist', 'main', 'electron', 'preload.cjs'));
  });
});

describe('launchArgs', () => {
  it('finds the demo and a project file, resolved against the working folder', () => {
    expect(launchArgs(['/bin/electron', '/repo', '--demo', 'd/demo.sqlite', 'work/p.SQLITE'], '/home/u')).toEqual({
      demo: join('/home/u', 'd', 'demo.sqlite'),
      project: join('/home/u', 'work', 'p.SQLITE'),
    });
  });

  it('ignores the executable, the app folder, switches and other files', () => {
    expect(launchArgs(['/opt/x.sqlite', '/repo', '--no-sandbox', '--flag=a.sqlite', 'notes.txt', '--demo'], '/')).toEqual({
      demo: null,
      project: null,
    });
  });
});

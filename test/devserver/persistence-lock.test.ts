import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersistenceError } from '../../devserver/persistence';
import { LOCK_FILE, lockDataDir } from '../../devserver/persistence/data-dir-lock';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicflow-lock-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('holds the directory for this process until released', () => {
  const dir = tempDir();
  const release = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  expect(() => lockDataDir(dir)).toThrow(PersistenceError);
  expect(() => lockDataDir(dir)).toThrow(`is in use by process ${process.pid}`);
  release();
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  lockDataDir(dir)();
});

test('takes over a lock whose process is gone (kill -9) or that holds no process id', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, LOCK_FILE), `${deadPid()}\n`);
  const release = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  release();
  fs.writeFileSync(path.join(dir, LOCK_FILE), 'garbage');
  lockDataDir(dir)();
});

test('never removes a lock another process holds', () => {
  const dir = tempDir();
  const release = lockDataDir(dir);
  const other = String(process.ppid);
  fs.writeFileSync(path.join(dir, LOCK_FILE), other); // as if another process had taken over
  release();
  expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(other);
});

test('explains a directory it cannot write', () => {
  expect(() => lockDataDir(path.join(tempDir(), 'missing', 'deeper'))).toThrow(/cannot lock the database directory/);
});

/** The `civicflow validate` command, in process and through the real bin script. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { main } from '../main';
import type { CliIo } from '../cli-io';

const root = path.join(__dirname, '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'definitions', 'valid-permit.yaml');

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

let dir: string;
let broken: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-cli-'));
  broken = path.join(dir, 'broken.yaml');
  writeFileSync(
    broken,
    readFileSync(fixture, 'utf8')
      .replace('role: reviewer\n', 'role: reveiwer\n')
      .replace('default: deny-notice', 'default: nowhere'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('civicflow validate (in process)', () => {
  it('exits 0 for a valid file', async () => {
    const io = capture();
    expect(await main(['validate', fixture], io)).toBe(0);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toContain('1 valid');
  });

  it('exits 1 and prints file:line:col: error CODE message', async () => {
    const io = capture();
    expect(await main(['validate', fixture, broken], io)).toBe(1);
    const lines = readFileSync(broken, 'utf8').split('\n');
    const roleLine = lines.findIndex((l) => l.includes('reveiwer')) + 1;
    expect(io.stdout).toContain(
      `${broken}:${roleLine}:11: error REF_ROLE_UNKNOWN unknown role "reveiwer" (did you mean "reviewer"?)`,
    );
    expect(io.stdout.every((line) => /^.+:\d+:\d+: (error|warning) [A-Z_]+ .+$/.test(line))).toBe(true);
    expect(io.stdout.some((line) => line.includes('REF_STEP_UNKNOWN'))).toBe(true);
  });

  it('checks work orders against the connections file: an unknown connection is an error at file:line:col', async () => {
    const pothole = path.join(root, 'test', 'fixtures', 'definitions', 'work-order-pothole.yaml');
    expect(await main(['validate', pothole], capture())).toBe(0);
    const bad = path.join(dir, 'unknown-connection.yaml');
    writeFileSync(
      bad,
      readFileSync(pothole, 'utf8').replace('connection: streets-work-orders', 'connection: parks-work-orders'),
    );
    const io = capture();
    expect(
      await main(
        ['validate', '--connections', path.join(root, 'process-definitions', 'connections', 'connections.yaml'), bad],
        io,
      ),
    ).toBe(1);
    expect(io.stdout).toEqual([
      `${bad}:32:17: error CONNECTION_UNKNOWN "parks-work-orders" is not a configured connection (known: streets-work-orders) (did you mean "streets-work-orders"?)`,
    ]);
  });

  it('validates a calendar file as a calendar, with its problems at their line', async () => {
    const io = capture();
    expect(await main(['validate', path.join(root, 'process-definitions', 'calendars', 'la-city.yaml')], io)).toBe(0);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toContain('la-city.yaml: valid calendar');

    const bad = path.join(dir, 'calendars', 'bad.yaml');
    mkdirSync(path.dirname(bad), { recursive: true });
    writeFileSync(bad, 'title: Broken\ntimeZone: America/Los_Angeles\nbusinessHours: 3\n');
    const badIo = capture();
    expect(await main(['validate', bad], badIo)).toBe(1);
    expect(badIo.stdout).toEqual([`${bad}:3:16: error SCHEMA_WRONG_TYPE businessHours must be object`]);
  });

  it('--json gives the same problems as data', async () => {
    const io = capture();
    expect(await main(['validate', '--json', fixture, broken], io)).toBe(1);
    const report = JSON.parse(io.stdout.join('\n')) as {
      valid: boolean;
      files: { file: string; valid: boolean; hash?: string; problems: { code: string; line: number }[] }[];
    };
    expect(report.valid).toBe(false);
    expect(report.files[0]).toMatchObject({ file: fixture, valid: true });
    expect(report.files[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.files[1].problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['REF_ROLE_UNKNOWN', 'REF_STEP_UNKNOWN']),
    );
  });

  it('--previous checks the version change', async () => {
    const next = path.join(dir, 'next.yaml');
    writeFileSync(
      next,
      readFileSync(fixture, 'utf8').replace('version: 1.0.0', 'version: 1.0.0').replace('due: P5D', 'due: P6D'),
    );
    const io = capture();
    expect(await main(['validate', next, '--previous', fixture], io)).toBe(1);
    expect(io.stdout.join('\n')).toContain('PUBLISHED_VERSION_MODIFIED');
    const bumped = path.join(dir, 'bumped.yaml');
    writeFileSync(bumped, readFileSync(next, 'utf8').replace('version: 1.0.0', 'version: 1.1.0'));
    expect(await main(['validate', bumped, '--previous', fixture], capture())).toBe(0);
  });

  it('--activities checks activity names', async () => {
    expect(await main(['validate', fixture, '--activities', 'fees.calculate'], capture())).toBe(0);
    const io = capture();
    expect(await main(['validate', fixture, '--activities=other'], io)).toBe(1);
    expect(io.stdout.join('\n')).toContain('ACTIVITY_UNKNOWN');
  });

  it('a directory stands for the definitions in it', async () => {
    const io = capture();
    expect(await main(['validate', path.join(root, 'process-definitions')], io)).toBe(0);
    expect(io.stderr.join('\n')).toMatch(/(\d+) file\(s\): \1 valid/);
    expect(io.stderr.join('\n')).toContain('building-permit.yaml: valid');
    const empty = mkdtempSync(path.join(os.tmpdir(), 'civicflow-empty-'));
    expect(await main(['validate', empty], capture())).toBe(2);
    rmSync(empty, { recursive: true });
  });

  it('simulate dispatches to the simulator: the fixture scenario passes, a wrong expectation fails', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['simulate', fixture], capture())).toBe(0);
      const wrong = path.join(dir, 'wrong-expectation.yaml');
      writeFileSync(wrong, readFileSync(fixture, 'utf8').replace('      outcome: issued\n', '      outcome: denied\n'));
      expect(await main(['simulate', wrong], capture())).toBe(1);
    } finally {
      write.mockRestore();
    }
  });

  it('usage errors exit 2', async () => {
    expect(await main(['validate'], capture())).toBe(2);
    expect(await main(['validate', '--bogus', fixture], capture())).toBe(2);
    expect(await main(['frobnicate'], capture())).toBe(2);
    expect(await main([], capture())).toBe(2);
  });
});

it('the bin script runs the command with exit codes', async () => {
  const run = promisify(execFile);
  const bin = path.join(root, 'bin', 'civicflow.js');
  const ok = await run(process.execPath, [bin, 'validate', fixture], { cwd: os.tmpdir() });
  expect(ok.stderr).toContain('1 valid');
  await expect(run(process.execPath, [bin, 'validate', broken], { cwd: os.tmpdir() })).rejects.toMatchObject({
    code: 1,
    stdout: expect.stringContaining('error REF_ROLE_UNKNOWN'),
  });
});

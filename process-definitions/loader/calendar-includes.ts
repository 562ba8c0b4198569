/**
 * Shared calendar files: `calendars: { la-city: { $include: calendars/la-city.yaml } }`. The file is
 * read with the same limits as a definition, checked against the calendar schema with positions in
 * its own file, and inlined before the definition is checked and hashed, so a compiled definition
 * (and every case pinned to it) carries the holidays it was published with.
 */
import { realpathSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { JsonValue } from '../../domain/definition';
import type { DefinitionProblemCode } from '../../domain/errors';
import type { ProblemSink } from './problems';
import { calendarSchemaValidator, validateWith } from './schema-validator';
import { MAX_SOURCE_BYTES, readYaml } from './yaml-reader';

export type IncludeResult =
  | { readonly ok: true; readonly file: string; readonly text: string }
  | {
      readonly ok: false;
      readonly code: Extract<DefinitionProblemCode, 'INCLUDE_NOT_ALLOWED' | 'INCLUDE_UNREADABLE'>;
      readonly message: string;
    };

/** Resolves an include path as written in a definition to the included file's text. */
export type IncludeResolver = (includePath: string) => IncludeResult;

const INCLUDE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.ya?ml$/;

/** Files below `baseDir` only: relative paths without "..", no escaping through symlinks. */
export function fileIncludeResolver(baseDir: string): IncludeResolver {
  return (includePath) => {
    if (!INCLUDE_PATH.test(includePath) || includePath.split('/').includes('..')) {
      return {
        ok: false,
        code: 'INCLUDE_NOT_ALLOWED',
        message: `"${includePath}" must be a relative path to a .yaml file below the definition's folder`,
      };
    }
    try {
      const root = realpathSync(baseDir);
      const target = realpathSync(path.join(root, includePath));
      if (!target.startsWith(root + path.sep)) {
        return {
          ok: false,
          code: 'INCLUDE_NOT_ALLOWED',
          message: `"${includePath}" leads outside the definition's folder`,
        };
      }
      const stat = statSync(target);
      if (!stat.isFile()) return { ok: false, code: 'INCLUDE_UNREADABLE', message: `"${includePath}" is not a file` };
      if (stat.size > MAX_SOURCE_BYTES)
        return { ok: false, code: 'INCLUDE_UNREADABLE', message: `"${includePath}" is larger than 1 MB` };
      const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(target));
      return { ok: true, file: path.join(baseDir, includePath), text };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        code: 'INCLUDE_UNREADABLE',
        message: `cannot read "${includePath}": ${code ?? 'not UTF-8 text'}`,
      };
    }
  };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Returns the document with included calendars inlined, or undefined when an include failed (its
 * problems are in `sink`). Documents without includes come back unchanged.
 */
export function inlineCalendarIncludes(
  value: JsonValue,
  sink: ProblemSink,
  resolve: IncludeResolver | undefined,
): JsonValue | undefined {
  if (!isObject(value) || !isObject(value.calendars)) return value;
  const calendars = value.calendars;
  const entries = Object.keys(calendars).filter(
    (id) => isObject(calendars[id]) && Object.prototype.hasOwnProperty.call(calendars[id], '$include'),
  );
  if (entries.length === 0) return value;
  let failed = false;
  const inlined: { [key: string]: JsonValue } = { ...calendars };
  for (const id of entries) {
    const entry = calendars[id] as { [key: string]: JsonValue };
    const at = ['calendars', id, '$include'];
    const includePath = entry.$include;
    if (Object.keys(entry).length !== 1) {
      sink.error(
        'INCLUDE_NOT_ALLOWED',
        ['calendars', id],
        `calendar "${id}": $include stands alone; change the included file instead of adding keys`,
      );
      failed = true;
      continue;
    }
    if (typeof includePath !== 'string') {
      sink.error('SCHEMA_WRONG_TYPE', at, `calendar "${id}": $include must be a path`);
      failed = true;
      continue;
    }
    if (!resolve) {
      sink.error(
        'INCLUDE_UNREADABLE',
        at,
        `calendar "${id}": includes are resolved against the definition's file; load it from a file`,
      );
      failed = true;
      continue;
    }
    const source = resolve(includePath);
    if (!source.ok) {
      sink.error(source.code, at, `calendar "${id}": ${source.message}`);
      failed = true;
      continue;
    }
    const included = readYaml(source.text.replace(/^\uFEFF/, ''), source.file);
    if (included.value !== undefined && !included.sink.hasErrors)
      validateWith(calendarSchemaValidator(), included.value, included.sink);
    if (included.sink.hasErrors || included.value === undefined) {
      sink.problems.push(...included.sink.problems);
      sink.error(
        'INCLUDE_UNREADABLE',
        at,
        `calendar "${id}": the included file "${includePath}" has problems (listed under its name)`,
      );
      failed = true;
      continue;
    }
    inlined[id] = included.value;
  }
  return failed ? undefined : { ...value, calendars: inlined };
}

/**
 * Fuzz support: mutate valid definitions (deletions, type swaps, reference renames, duplications, text
 * damage) with a seeded PRNG so failures reproduce. Every result must be valid or a list of coded,
 * positioned problems; never a throw, a hang or a crashed check.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse, stringify } from 'yaml';

import { DEFINITION_PROBLEMS } from '../../../domain/errors';
import { loadDefinitionText, type LoadResult } from '../load-definition';
import { type Doc, VALID_FIXTURE } from './definition-fixtures';

export const SEED = 20260322;

/** mulberry32: small, seedable, good enough for test-case generation. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push({ parent: value, key: i });
      slots(item, out);
    });
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push({ parent: value as Record<string, unknown>, key });
      slots((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, out));
  else if (value && typeof value === 'object')
    Object.entries(value).forEach(([key, item]) => (out.push(key), strings(item, out)));
  return out;
}

const get = (slot: Slot): unknown => (slot.parent as Record<string | number, unknown>)[slot.key];
const set = (slot: Slot, value: unknown): void => {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
};

const MUTATIONS: ((doc: Doc, random: Random) => void)[] = [
  // delete
  (doc, random) => {
    const slot = pick(random, slots(doc));
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete slot.parent[slot.key as string];
  },
  // type swap
  (doc, random) => {
    const slot = pick(random, slots(doc));
    set(slot, pick(random, [null, 0, -1, 3.5, true, '', 'x', [], {}, ['a'], { a: 1 }, 'P1D', '50%', '$join', 1e308]));
  },
  // reference rename: a string value becomes another string from the document, or a near miss
  (doc, random) => {
    const candidates = slots(doc).filter((slot) => typeof get(slot) === 'string');
    if (candidates.length === 0) return;
    const slot = pick(random, candidates);
    const all = strings(doc);
    set(slot, random() < 0.5 ? pick(random, all) : `${String(get(slot))}${pick(random, ['x', '-2', '_', ' '])}`);
  },
  // rename a map key (a step, role, field...), leaving references dangling
  (doc, random) => {
    const candidates = slots(doc).filter((slot) => !Array.isArray(slot.parent));
    if (candidates.length === 0) return;
    const slot = pick(random, candidates);
    const parent = slot.parent as Record<string, unknown>;
    const value = parent[slot.key as string];
    delete parent[slot.key as string];
    parent[`${String(slot.key)}${pick(random, ['2', 'X', '-copy'])}`] = value;
  },
  // duplicate: a map entry under a new name, or an array element
  (doc, random) => {
    const slot = pick(random, slots(doc));
    const copy = JSON.parse(JSON.stringify(get(slot) ?? null)) as unknown;
    if (Array.isArray(slot.parent)) slot.parent.push(copy);
    else slot.parent[`${String(slot.key)}Dup`] = copy;
  },
  // move a subtree elsewhere
  (doc, random) => {
    const all = slots(doc);
    const from = pick(random, all);
    const to = pick(random, all);
    set(to, JSON.parse(JSON.stringify(get(from) ?? null)));
  },
];

const TEXT_MUTATIONS: ((text: string, random: Random) => string)[] = [
  (text, random) => {
    const i = Math.floor(random() * text.length);
    return text.slice(0, i) + text.slice(i + 1 + Math.floor(random() * 20));
  },
  (text, random) => {
    const i = Math.floor(random() * text.length);
    return (
      text.slice(0, i) +
      pick(random, [':', '[', '{', '- ', '&a ', '*a', '\t', '"', "'", '\n  ', '!!binary ', '? ', '---\n', '<<: ']) +
      text.slice(i)
    );
  },
  (text, random) => {
    const lines = text.split('\n');
    const i = Math.floor(random() * lines.length);
    lines.splice(i, 0, lines[i]); // duplicate a line: duplicate keys, shifted lists
    return lines.join('\n');
  },
  (text, random) => {
    const lines = text.split('\n');
    const i = Math.floor(random() * lines.length);
    lines[i] = random() < 0.5 ? `  ${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
    return lines.join('\n');
  },
];

export function seeds(): { name: string; text: string }[] {
  const list = [{ name: 'valid-permit', text: readFileSync(VALID_FIXTURE, 'utf8') }];
  const shipped = path.join(__dirname, '..', '..');
  if (existsSync(shipped)) {
    for (const file of readdirSync(shipped)
      .filter((name) => name.endsWith('.yaml'))
      .sort()) {
      list.push({ name: file, text: readFileSync(path.join(shipped, file), 'utf8') });
    }
  }
  return list;
}

function assertCoded(result: LoadResult, context: string): void {
  for (const problem of result.problems) {
    if (
      !(problem.code in DEFINITION_PROBLEMS) ||
      problem.code === 'CHECK_CRASHED' ||
      !(problem.line >= 1) ||
      !(problem.col >= 1) ||
      (problem.severity !== 'error' && problem.severity !== 'warning') ||
      problem.message.length === 0
    ) {
      throw new Error(`${context}: bad problem ${JSON.stringify(problem)}`);
    }
  }
  if (!result.ok && !result.problems.some((problem) => problem.severity === 'error'))
    throw new Error(`${context}: invalid without an error`);
  if (result.ok && !result.compiled) throw new Error(`${context}: valid without a compiled definition`);
  if (result.compiled) JSON.stringify(result.compiled); // the runtime form stays plain JSON
}

/** Runs structural mutations of one seed; returns how many results were invalid. */
export function fuzzStructure(name: string, text: string, iterations: number, seed = SEED): number {
  const random = prng(seed);
  const base = parse(text);
  let invalid = 0;
  for (let i = 0; i < iterations; i += 1) {
    const doc = JSON.parse(JSON.stringify(base));
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r += 1) pick(random, MUTATIONS)(doc, random);
    const result = loadDefinitionText(stringify(doc, { aliasDuplicateObjects: false }), { file: `${name}#${i}` });
    assertCoded(result, `${name} iteration ${i} (seed ${seed})`);
    if (!result.ok) invalid += 1;
  }
  return invalid;
}

/** Runs text damage on one seed; returns how many results were invalid. */
export function fuzzText(name: string, text: string, iterations: number, seed = SEED + 1): number {
  const random = prng(seed);
  let invalid = 0;
  for (let i = 0; i < iterations; i += 1) {
    let damaged = text;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r += 1) damaged = pick(random, TEXT_MUTATIONS)(damaged, random);
    const result = loadDefinitionText(damaged, { file: `${name}~${i}` });
    assertCoded(result, `${name} text iteration ${i} (seed ${seed})`);
    if (!result.ok) invalid += 1;
  }
  return invalid;
}

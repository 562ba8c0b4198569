/**
 * Demo data for `npm start`: the departments the shipped processes name, one demo login per kind of
 * user, the three shipped processes published, a first knowledge-base article (English and Spanish)
 * with the complaint's call script, and a fresh Open311 API key. Idempotent: existing
 * users keep their passwords, published versions are left alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  createKbArticle,
  getDefinition,
  listKbArticles,
  publishDefinition,
  publishKbArticle,
  rotateNamedApiKey,
  saveCallScript,
  saveDefinitionDraft,
  seedDirectory,
  type CreateUserInput,
} from '../db';
import type { CompiledDefinition } from '../domain/definition';
import { loadDefinitionFileSync } from '../process-definitions/loader';

export const SHIPPED_DEFINITIONS = ['service-complaint', 'building-permit', 'benefit-application'] as const;
export const DEMO_PASSWORD = 'civicflow-demo';
export const DEMO_OPEN311_KEY_NAME = 'demo-open311';

const DEFINITIONS_DIR = path.join(__dirname, '..', 'process-definitions');

export interface DemoLogin {
  username: string;
  password: string;
  what: string;
}

/** One login per kind of user, with the process roles the shipped definitions use. */
export const DEMO_USERS: readonly (CreateUserInput & { what: string })[] = [
  { username: 'admin', displayName: 'Avery Admin', roles: ['admin'], what: 'administrator: everything' },
  {
    username: 'agent',
    displayName: 'Ana Agent',
    roles: ['staff', 'call-center-agent'],
    departmentId: 'call-center',
    what: '311 agent (service complaints: triage)',
  },
  {
    username: 'supervisor',
    displayName: 'Sam Supervisor',
    roles: ['supervisor', 'call-center-supervisor'],
    departmentId: 'call-center',
    what: '311 supervisor',
  },
  {
    username: 'crew',
    displayName: 'Carl Crew',
    roles: ['staff', 'street-crew-lead'],
    departmentId: 'street-services',
    what: 'street crew lead (potholes)',
  },
  {
    username: 'clerk',
    displayName: 'Pat Clerk',
    roles: ['staff', 'permit-clerk'],
    departmentId: 'building-safety',
    what: 'permit clerk (building permits: intake)',
  },
  {
    username: 'caseworker',
    displayName: 'Eli Worker',
    roles: ['staff', 'eligibility-worker'],
    departmentId: 'eligibility',
    what: 'eligibility worker (benefit applications)',
  },
  {
    username: 'manager',
    displayName: 'Mo Manager',
    roles: ['program-manager', 'service-program-manager'],
    departmentId: 'call-center',
    what: 'program manager (definitions, reports)',
  },
  {
    username: 'records',
    displayName: 'Rae Records',
    roles: ['records-officer'],
    what: 'records officer (disposition, legal holds, public-records exports: /records)',
  },
  {
    username: 'auditor',
    displayName: 'Ines Auditor',
    roles: ['auditor'],
    what: 'auditor (audit record, chain check, audit search: /audit)',
  },
  {
    username: 'knowledge',
    displayName: 'Kim Knowledge',
    roles: ['knowledge-manager'],
    departmentId: 'call-center',
    what: 'knowledge manager (articles and call scripts: /knowledge/manage)',
  },
];

/** A first public article in each language and the complaint's call script, when the knowledge base is empty. */
async function seedDemoKnowledge(db: Knex): Promise<void> {
  if ((await listKbArticles(db)).length > 0) return;
  const now = new Date();
  const reviewBy = `${now.getUTCFullYear() + 1}-12-31`;
  const articles = [
    {
      id: 'demo-bulky-items-en',
      language: 'en' as const,
      title: 'Bulky item pickup',
      body: 'We collect sofas, mattresses and other large items from the kerb on your trash day.\n\nAsk for a pickup at least two days before. Up to five items each time.',
      keywords: 'couch furniture mattress collection',
    },
    {
      id: 'demo-bulky-items-es',
      language: 'es' as const,
      title: 'Recogida de muebles y objetos grandes',
      body: 'Recogemos sofás, colchones y otros objetos grandes de la acera el día de la basura.\n\nPida la recogida al menos dos días antes. Hasta cinco objetos cada vez.',
      keywords: 'sofá colchón muebles basura',
    },
  ];
  for (const article of articles) {
    await createKbArticle(db, {
      ...article,
      service: 'service-complaint',
      public: true,
      owner: 'knowledge',
      editedBy: 'knowledge',
      reviewBy,
      now,
    });
    await publishKbArticle(db, article.id, 'knowledge', now);
  }
  await saveCallScript(db, {
    service: 'service-complaint',
    questions: [
      'Where exactly is it (address or nearest corner)?',
      'What is it, and how much of it?',
      'Is it blocking the street or the pavement?',
      'How should we tell the caller about it?',
    ],
    by: 'knowledge',
    now,
  });
}

export function loadShippedDefinitions(): CompiledDefinition[] {
  return SHIPPED_DEFINITIONS.map((id) => {
    const result = loadDefinitionFileSync(path.join(DEFINITIONS_DIR, `${id}.yaml`));
    if (!result.compiled)
      throw new Error(
        `the shipped definition ${id} does not compile: ${result.problems.map((p) => p.message).join('; ')}`,
      );
    return result.compiled;
  });
}

/** Publishes a shipped definition unless that version is already published. */
async function publishShipped(
  db: Knex,
  definition: CompiledDefinition,
  yamlSource: string,
): Promise<'published' | 'already'> {
  const existing = await getDefinition(db, definition.id, definition.version);
  if (existing?.status === 'published' || existing?.status === 'retired') return 'already';
  if (!existing) {
    await saveDefinitionDraft(db, {
      id: definition.id,
      version: definition.version,
      title: definition.title,
      contentHash: definition.hash,
      yamlSource,
      compiled: definition,
      createdBy: 'system:seed',
    });
  }
  await publishDefinition(db, { id: definition.id, version: definition.version, publishedBy: 'system:seed' });
  return 'published';
}

export interface DemoSeedResult {
  logins: DemoLogin[];
  createdUsers: string[];
  published: string[];
  open311ApiKey: string;
}

export async function seedDemo(db: Knex, readSource: (id: string) => string): Promise<DemoSeedResult> {
  const definitions = loadShippedDefinitions();
  const departments = new Map<string, string>();
  for (const definition of definitions)
    for (const department of Object.values(definition.departments)) departments.set(department.id, department.title);
  const { createdUsers } = await seedDirectory(db, {
    departments: [...departments].map(([id, name]) => ({ id, name })),
    users: DEMO_USERS.map(({ what: _what, ...user }) => ({ ...user, password: DEMO_PASSWORD })),
  });
  const published: string[] = [];
  for (const definition of definitions) {
    if ((await publishShipped(db, definition, readSource(definition.id))) === 'published')
      published.push(`${definition.id}@${definition.version}`);
  }
  await seedDemoKnowledge(db);
  const { key } = await rotateNamedApiKey(db, {
    name: DEMO_OPEN311_KEY_NAME,
    ownerKind: 'open311',
    scopes: ['open311:write'],
  });
  return {
    logins: DEMO_USERS.map((user) => ({ username: user.username, password: DEMO_PASSWORD, what: user.what })),
    createdUsers,
    published,
    open311ApiKey: key,
  };
}

export function readShippedSource(id: string): string {
  return readFileSync(path.join(DEFINITIONS_DIR, `${id}.yaml`), 'utf8');
}

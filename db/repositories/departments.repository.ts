/** Departments (business units) and the role catalogue. */
import type { Knex } from 'knex';
import { DbError } from '../errors';

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  /** Shared inbox, used when a notice goes to the department rather than a person. */
  email: string | null;
  calendarId: string | null;
}

export interface Role {
  id: string;
  name: string;
  description: string | null;
}

interface DepartmentRow {
  id: string;
  name: string;
  parent_id: string | null;
  email: string | null;
  calendar_id: string | null;
}

function toDepartment(row: DepartmentRow): Department {
  return { id: row.id, name: row.name, parentId: row.parent_id, email: row.email, calendarId: row.calendar_id };
}

/** Creates or updates a department (seeding is idempotent). */
export async function upsertDepartment(
  db: Knex,
  input: { id: string; name: string; parentId?: string; email?: string; calendarId?: string },
): Promise<Department> {
  const [row] = (await db('departments')
    .insert({
      id: input.id,
      name: input.name,
      parent_id: input.parentId ?? null,
      email: input.email ?? null,
      calendar_id: input.calendarId ?? null,
    })
    .onConflict('id')
    .merge(['name', 'parent_id', 'email', 'calendar_id'])
    .returning('*')) as DepartmentRow[];
  return toDepartment(row);
}

export async function getDepartment(db: Knex, id: string): Promise<Department | undefined> {
  const row = await db<DepartmentRow>('departments').where({ id }).first();
  return row ? toDepartment(row) : undefined;
}

export async function requireDepartment(db: Knex, id: string): Promise<Department> {
  const found = await getDepartment(db, id);
  if (!found) throw new DbError('DEPARTMENT_NOT_FOUND', `department ${id} not found`, { departmentId: id });
  return found;
}

export async function listDepartments(db: Knex): Promise<Department[]> {
  return (await db<DepartmentRow>('departments').orderBy('name')).map(toDepartment);
}

export async function upsertRole(db: Knex, input: { id: string; name: string; description?: string }): Promise<Role> {
  const [row] = (await db('roles')
    .insert({ id: input.id, name: input.name, description: input.description ?? null })
    .onConflict('id')
    .merge(['name', 'description'])
    .returning('*')) as Role[];
  return { id: row.id, name: row.name, description: row.description };
}

export async function listRoles(db: Knex): Promise<Role[]> {
  const rows = (await db('roles').orderBy('id')) as Role[];
  return rows.map((row) => ({ id: row.id, name: row.name, description: row.description }));
}

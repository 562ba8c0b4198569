/**
 * Turns a notify command's recipients (applicant, a user, a role or a department's supervisor) into
 * addresses from the directory, one delivery per distinct address. Each delivery's idempotency key is
 * derived from the command key and the address, so a retry or replay never sends a second message.
 */
import type { Knex } from 'knex';
import type { JsonValue } from '../domain/definition';
import { getCase, getDepartment, getUser, isSmsOptedOut, listUsers, type UserRecord } from '../db';
import { describeRecipient, type NotifyRecipient } from '../interpreter/case-model';
import type { NotificationDelivery, PrepareNotificationInput } from '../workflows/case-activities';

export interface RecipientDeps {
  db: Knex;
  /** Base URL residents see in messages ({{portalUrl}}). */
  publicUrl?: string;
}

interface Address {
  channel: 'email' | 'sms' | 'letter';
  to: string;
  name?: string;
  kind: string;
}

function staffAddress(user: UserRecord, kind: string, wantSms: boolean): Address | undefined {
  if (wantSms && user.phone) return { channel: 'sms', to: user.phone, name: user.displayName, kind };
  if (user.email) return { channel: 'email', to: user.email, name: user.displayName, kind };
  if (user.phone) return { channel: 'sms', to: user.phone, name: user.displayName, kind };
  return undefined;
}

/** People holding one of `roles`, preferring those in `department`. */
async function holders(db: Knex, roles: readonly string[], department: string): Promise<UserRecord[]> {
  const found = new Map<string, UserRecord>();
  for (const role of roles) for (const user of await listUsers(db, { role })) found.set(user.id, user);
  const all = [...found.values()];
  const inDepartment = all.filter((user) => user.departmentId === department);
  return inDepartment.length > 0 ? inDepartment : all;
}

async function departmentInbox(db: Knex, department: string, kind: string): Promise<Address[]> {
  const found = department ? await getDepartment(db, department) : undefined;
  return found?.email ? [{ channel: 'email', to: found.email, name: found.name, kind }] : [];
}

/**
 * The resident's own choice of channel wins over the template's: email or SMS as chosen (another
 * means only when theirs is missing), a letter by post, or nothing but formal letters. Without a choice the template's
 * channel decides (a letter template: the postal address). A number that texted STOP gets no SMS.
 */
export async function residentAddresses(
  db: Knex,
  contact: PrepareNotificationInput['applicant'],
  kind: string,
  { wantSms, wantLetter }: { wantSms: boolean; wantLetter: boolean },
): Promise<Address[]> {
  const named = contact.name ? { name: contact.name } : {};
  const letter: Address[] = contact.address ? [{ channel: 'letter', to: contact.address, ...named, kind }] : [];
  const email: Address[] = contact.email ? [{ channel: 'email', to: contact.email, ...named, kind }] : [];
  const sms: Address[] =
    contact.phone && !(await isSmsOptedOut(db, contact.phone))
      ? [{ channel: 'sms', to: contact.phone, ...named, kind }]
      : [];
  const firstOf = (...choices: Address[][]): Address[] => choices.find((choice) => choice.length > 0) ?? [];
  switch (contact.preferredChannel) {
    // No messages wanted; a formal notice written as a letter (a decision, a denial) is still owed in writing.
    case 'none':
      return wantLetter ? letter : [];
    // 'post' without an address: nothing goes out (the office reaches them).
    case 'post':
      return letter;
    case 'email':
      return firstOf(email, sms, wantLetter ? letter : []);
    case 'sms':
      return firstOf(sms, email, wantLetter ? letter : []);
    default:
      return wantLetter ? firstOf(letter, email, sms) : wantSms ? firstOf(sms, email) : firstOf(email, sms);
  }
}

export function createRecipientActivities(deps: RecipientDeps) {
  const { db } = deps;

  async function resolve(
    recipient: NotifyRecipient,
    input: PrepareNotificationInput,
    wantSms: boolean,
    wantLetter: boolean,
  ): Promise<Address[]> {
    const kind = describeRecipient(recipient);
    switch (recipient.kind) {
      case 'applicant':
        return residentAddresses(db, input.applicant, kind, { wantSms, wantLetter });
      case 'user': {
        const user = await getUser(db, recipient.userId);
        const address = user?.active ? staffAddress(user, kind, wantSms) : undefined;
        return address ? [address] : [];
      }
      case 'role': {
        const users = await holders(db, [recipient.role], recipient.department);
        const addresses = users.map((u) => staffAddress(u, kind, wantSms)).filter((a): a is Address => a !== undefined);
        return addresses.length > 0 ? addresses : departmentInbox(db, recipient.department, kind);
      }
      case 'supervisor': {
        const roles = input.supervisorRoles[recipient.department] ?? [];
        const users = await holders(db, roles, recipient.department);
        const addresses = users.map((u) => staffAddress(u, kind, wantSms)).filter((a): a is Address => a !== undefined);
        return addresses.length > 0 ? addresses : departmentInbox(db, recipient.department, kind);
      }
    }
  }

  return {
    async prepareNotification(input: PrepareNotificationInput): Promise<NotificationDelivery[]> {
      const wantSms = input.definitionTemplate?.channel === 'sms';
      const wantLetter = input.definitionTemplate?.channel === 'letter';
      const variables: Record<string, JsonValue> = { ...input.variables };
      if (deps.publicUrl && variables.portalUrl === undefined) variables.portalUrl = deps.publicUrl;
      if (variables.trackingNumber === undefined) {
        const found = await getCase(db, input.caseId);
        if (found) variables.trackingNumber = found.trackingNumber;
      }
      const seen = new Set<string>();
      const deliveries: NotificationDelivery[] = [];
      for (const recipient of input.recipients) {
        for (const address of await resolve(recipient, input, wantSms, wantLetter)) {
          const id = `${address.channel}:${address.to.toLowerCase()}`;
          if (seen.has(id)) continue;
          seen.add(id);
          deliveries.push({
            idempotencyKey: `${input.key}:${id}`,
            caseId: input.caseId,
            channel: address.channel,
            to: address.to,
            ...(address.name ? { recipientName: address.name } : {}),
            recipientKind: address.kind,
            template: input.template,
            builtIn: input.builtIn,
            ...(input.definitionTemplate ? { definitionTemplate: input.definitionTemplate } : {}),
            variables: { ...variables, ...(address.name ? { recipientName: address.name } : {}) },
          });
        }
      }
      return deliveries;
    },
  };
}

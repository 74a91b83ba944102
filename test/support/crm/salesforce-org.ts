import { idMinter, KEY_PREFIXES, normalizeId, objectOfId } from './salesforce-ids';
import { CLOSED_TASK_STATUSES, SalesforceSchema, type FieldDef, type ObjectDef, type StoredRecord } from './salesforce-schema';
import { coerceWrite, formatDate, matchKey, SalesforceError, without } from './salesforce-values';

// The org's data: records of every object kept in memory, and the writes (insert, update,
// delete, upsert by external id) checked the way Salesforce checks them — unknown fields,
// read-only fields, required fields, restricted picklists, lookups, unique values — with the
// system fields stamped from the stand-in's clock. A transaction undoes its writes when it throws.

export interface WriteOptions {
  /** The user the write is made as (CreatedById, the default OwnerId). */
  userId: string;
  /** A test's own write: read-only fields and audit dates may be set, a converted lead changed. */
  privileged?: boolean;
}

const AUDIT_FIELDS = new Set(['CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'CreatedById', 'LastModifiedById']);
const PERSON_OBJECTS = new Set(['Lead', 'Contact', 'User']);

export class SalesforceOrg {
  readonly schema = new SalesforceSchema();
  readonly orgId = idMinter(KEY_PREFIXES.Organization ?? '00D', 0x51f2)();
  private readonly records = new Map<string, StoredRecord>();
  private readonly byType = new Map<string, StoredRecord[]>();
  private readonly minters = new Map<string, () => string>();
  private journal: (() => void)[] | undefined;

  constructor(readonly now: () => number) {}

  /** A record by 15- or 18-character id, deleted or not. */
  get(id: string): StoredRecord | undefined {
    const normal = normalizeId(id);
    return normal ? this.records.get(normal) : undefined;
  }

  rows(type: string): StoredRecord[] {
    return this.byType.get(this.requireObject(type).name) ?? [];
  }

  requireObject(type: string): ObjectDef {
    const def = this.schema.object(type);
    if (!def) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return def;
  }

  /** Runs writes as one: if it throws, every record it touched is put back. */
  transaction<T>(work: () => T): T {
    const outer = this.journal;
    const journal: (() => void)[] = [];
    this.journal = journal;
    try {
      const result = work();
      outer?.push(...journal);
      return result;
    } catch (error) {
      for (const undo of journal.reverse()) undo();
      throw error;
    } finally {
      this.journal = outer;
    }
  }

  insert(type: string, body: Record<string, unknown>, options: WriteOptions): StoredRecord {
    const def = this.requireObject(type);
    const now = this.now();
    const values: Record<string, unknown> = {
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: options.userId,
      LastModifiedDate: now,
      LastModifiedById: options.userId,
      SystemModstamp: now,
    };
    for (const field of def.fields) {
      if (field.type === 'boolean' && !(field.name in values)) values[field.name] = field.name === 'IsActive';
      const defaultEntry = field.picklistValues?.find((entry) => entry.defaultValue);
      if (defaultEntry) values[field.name] = defaultEntry.value;
    }
    if (def.fields.some((f) => f.name === 'OwnerId')) values.OwnerId = options.userId;
    const { Id: givenId, id: givenLowerId, ...fields } = body;
    const wantedId = givenId ?? givenLowerId;
    if (wantedId !== undefined && !options.privileged) throw new SalesforceError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
    this.apply(def, values, fields, 'create', options);
    const record: StoredRecord = { type: def.name, id: wantedId === undefined ? this.mint(def) : this.claim(def, wantedId), values };
    values.Id = record.id;
    this.records.set(record.id, record);
    const list = this.byType.get(def.name) ?? [];
    list.push(record);
    this.byType.set(def.name, list);
    this.journal?.push(() => {
      this.records.delete(record.id);
      list.splice(list.indexOf(record), 1);
    });
    return record;
  }

  private mint(def: ObjectDef): string {
    const minter = this.minters.get(def.name) ?? idMinter(def.keyPrefix);
    this.minters.set(def.name, minter);
    return minter();
  }

  /** A test's chosen id, if it is one of this object's and not taken. */
  private claim(def: ObjectDef, wanted: unknown): string {
    const id = typeof wanted === 'string' ? normalizeId(wanted) : undefined;
    if (!id || objectOfId(id) !== def.name || this.records.has(id)) throw new Error(`${String(wanted)} is not a free ${def.name} id`);
    return id;
  }

  update(type: string, id: string, body: Record<string, unknown>, options: WriteOptions): StoredRecord {
    const def = this.requireObject(type);
    const record = this.live(def, id);
    if (record.values.IsConverted === true && !options.privileged) throw new SalesforceError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
    const rest = without(body, 'Id', 'id');
    const values = { ...record.values };
    this.apply(def, values, rest, 'update', options);
    const now = this.now();
    values.LastModifiedDate = options.privileged && 'LastModifiedDate' in rest ? values.LastModifiedDate : now;
    values.SystemModstamp = options.privileged && 'SystemModstamp' in rest ? values.SystemModstamp : now;
    values.LastModifiedById = options.userId;
    this.replace(record, values);
    return record;
  }

  delete(type: string, id: string): StoredRecord {
    const def = this.requireObject(type);
    const record = this.live(def, id);
    this.markDeleted(record);
    // Deleting a lead, contact, account or opportunity deletes its activities too.
    for (const activityType of ['Task', 'Event']) {
      for (const activity of this.byType.get(activityType) ?? []) {
        if (activity.deletedAt === undefined && (activity.values.WhoId === record.id || activity.values.WhatId === record.id)) this.markDeleted(activity);
      }
    }
    return record;
  }

  /** Creates or updates the one record whose external id field holds this value. */
  upsert(type: string, externalField: string, value: string, body: Record<string, unknown>, options: WriteOptions): { record: StoredRecord; created: boolean } {
    const def = this.requireObject(type);
    const field = this.schema.field(def.name, externalField);
    if (field?.name === 'Id') {
      const existing = value ? this.live(def, value) : undefined;
      return existing ? { record: this.update(def.name, existing.id, body, options), created: false } : { record: this.insert(def.name, body, options), created: true };
    }
    if (!field?.externalId) throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${externalField}`);
    const canonical = Object.fromEntries(Object.entries(body).map(([key, v]) => [this.schema.field(def.name, key)?.name ?? key, v]));
    const rest = without(canonical, field.name);
    const matches = this.rows(def.name).filter((r) => r.deletedAt === undefined && matchKey(r.values[field.name]) === value.toLowerCase());
    if (matches.length > 1) throw new MultipleMatches(matches);
    const match = matches[0];
    if (match) return { record: this.update(def.name, match.id, rest, options), created: false };
    return { record: this.insert(def.name, { ...rest, [field.name]: value }, options), created: true };
  }

  /** A record that exists and is not deleted, or the 404 Salesforce answers. */
  live(def: ObjectDef, id: string): StoredRecord {
    const record = this.get(id);
    if (!record || record.type !== def.name) {
      const message = normalizeId(id) ? 'The requested resource does not exist' : `Provided external ID field does not exist or is not accessible: ${id}`;
      throw new SalesforceError(404, 'NOT_FOUND', message);
    }
    if (record.deletedAt !== undefined) throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    return record;
  }

  replace(record: StoredRecord, values: Record<string, unknown>, deletedAt = record.deletedAt): void {
    const before = { values: record.values, deletedAt: record.deletedAt };
    this.journal?.push(() => {
      record.values = before.values;
      record.deletedAt = before.deletedAt;
    });
    record.values = values;
    record.deletedAt = deletedAt;
  }

  private markDeleted(record: StoredRecord): void {
    const now = this.now();
    this.replace(record, { ...record.values, IsDeleted: true, SystemModstamp: now }, now);
  }

  private apply(def: ObjectDef, values: Record<string, unknown>, body: Record<string, unknown>, mode: 'create' | 'update', options: WriteOptions): void {
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'attributes' || raw === undefined) continue;
      const field = this.schema.field(def.name, key);
      if (!field) throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${def.name}`, []);
      const writable = mode === 'create' ? field.createable : field.updateable;
      const auditAllowed = options.privileged && AUDIT_FIELDS.has(field.name) && (mode === 'create' || !field.name.startsWith('Created'));
      if (field.calculated || field.type === 'id' || (!writable && !options.privileged && !auditAllowed)) {
        readOnly.push(field.name);
        continue;
      }
      const value = coerceWrite(field, raw);
      if (field.type === 'reference' && typeof value === 'string') this.checkLookup(def, field, value);
      values[field.name] = value;
    }
    if (readOnly.length > 0) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    }
    this.derive(def, values, mode);
    const missing = def.fields.filter((f) => (f.required || (!f.nillable && f.type === 'picklist')) && (values[f.name] === undefined || values[f.name] === null));
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
    }
    this.checkUnique(def, values);
  }

  private checkLookup(def: ObjectDef, field: FieldDef, id: string): void {
    const target = this.get(id);
    if (!target) throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
    if (target.deletedAt !== undefined) throw new SalesforceError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
    if (field.name === 'OwnerId' && target.type === 'User' && target.values.IsActive === false) {
      throw new SalesforceError(400, 'INACTIVE_OWNER_OR_USER', `operation performed with inactive user [${id}] as owner of ${def.name.toLowerCase()}`, []);
    }
  }

  /** The fields Salesforce works out itself on every write. */
  private derive(def: ObjectDef, values: Record<string, unknown>, mode: 'create' | 'update'): void {
    if (PERSON_OBJECTS.has(def.name)) {
      values.Name = [values.FirstName, values.LastName].filter((part) => typeof part === 'string' && part !== '').join(' ') || null;
    }
    if (def.name === 'Opportunity') {
      values.IsClosed = values.StageName === 'Closed Won' || values.StageName === 'Closed Lost';
      values.IsWon = values.StageName === 'Closed Won';
    }
    if (def.name === 'Task') {
      const closed = CLOSED_TASK_STATUSES.includes(String(values.Status));
      if (closed && (values.CompletedDateTime === null || values.CompletedDateTime === undefined)) values.CompletedDateTime = this.now();
      if (!closed) values.CompletedDateTime = null;
      values.IsClosed = closed;
      if (mode === 'create' && !values.TaskSubtype) values.TaskSubtype = 'Task';
    }
    if (def.name === 'Task' || def.name === 'Event') {
      const what = typeof values.WhatId === 'string' ? this.get(values.WhatId) : undefined;
      const who = typeof values.WhoId === 'string' ? this.get(values.WhoId) : undefined;
      values.AccountId = what?.type === 'Account' ? what.id : ((what?.values.AccountId ?? who?.values.AccountId ?? null));
    }
    if (def.name === 'Event') this.deriveEventTimes(values);
  }

  private deriveEventTimes(values: Record<string, unknown>): void {
    const start = values.StartDateTime ?? values.ActivityDateTime;
    if (typeof start !== 'number') throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime]', ['StartDateTime']);
    values.StartDateTime = start;
    values.ActivityDateTime = start;
    values.ActivityDate = formatDate(start);
    let minutes: number;
    if (typeof values.EndDateTime === 'number') minutes = Math.round((values.EndDateTime - start) / 60_000);
    else if (typeof values.DurationInMinutes === 'number') minutes = values.DurationInMinutes;
    else throw new SalesforceError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes']);
    values.DurationInMinutes = minutes;
    values.EndDateTime = start + minutes * 60_000;
    if (minutes < 0) throw new SalesforceError(400, 'FIELD_INTEGRITY_EXCEPTION', 'End: End Date/Time must be after Start Date/Time', ['EndDateTime']);
  }

  private checkUnique(def: ObjectDef, values: Record<string, unknown>): void {
    for (const field of def.fields) {
      const value = values[field.name];
      if (!field.unique || value === null || value === undefined) continue;
      const clash = this.rows(def.name).find((r) => r.deletedAt === undefined && r.id !== values.Id && matchKey(r.values[field.name]) === matchKey(value));
      if (clash) throw new SalesforceError(400, 'DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${clash.id}`, [field.name]);
    }
  }
}

/** An upsert whose external id matched several records: Salesforce answers 300 with their URLs. */
export class MultipleMatches extends Error {
  constructor(readonly records: StoredRecord[]) {
    super('Multiple records found');
  }
}

/** The object a record id belongs to, for the ids a test passes to the control object. */
export function typeOfId(id: string): string {
  const type = objectOfId(id);
  if (!type) throw new Error(`${id} is not a record id of a known object`);
  return type;
}

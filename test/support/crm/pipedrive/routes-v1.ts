import { Hono } from 'hono';
import type { PipedriveCompany } from './company';
import { jsonBody, ok, pathId, queryOf, route } from './http';
import { commaList, v1Page } from './paging';
import type { PipedriveFieldType } from './records';
import { v1ActivityType, v1Invalid, v1NotFound, v1Person, v1PersonField, v1Time, v1User } from './wire';

// The API v1 endpoints the connector needs (/v1/… and /api/v1/…): users, person fields,
// activity types, merging persons, and the recents feed that lists what changed since a
// moment — deleted and merged-away persons included, with active_flag false.

const FIELD_TYPES: PipedriveFieldType[] = ['varchar', 'varchar_auto', 'text', 'double', 'date', 'enum', 'set', 'phone'];
const RECENT_ITEMS = ['activity', 'activityType', 'deal', 'file', 'filter', 'note', 'person', 'organization', 'pipeline', 'product', 'stage', 'user'];

function optionLabels(raw: unknown): { id?: number; label: string }[] {
  let list: unknown = raw;
  try {
    if (typeof raw === 'string') list = JSON.parse(raw);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) throw v1Invalid('Options must be an array');
  return list.map((option: unknown) => {
    if (typeof option === 'string') return { label: option };
    const { id, label } = (option ?? {}) as { id?: unknown; label?: unknown };
    if (typeof label !== 'string' || label === '' || (id !== undefined && typeof id !== 'number')) throw v1Invalid('Each option must have a label');
    return id === undefined ? { label } : { id, label };
  });
}

export function v1Routes(company: PipedriveCompany): Hono {
  const app = new Hono();

  app.get(
    '/users/me',
    route(() =>
      ok({
        ...v1User(company, company.owner),
        company_id: 1,
        company_name: company.companyDomain,
        company_domain: company.companyDomain,
        company_country: 'EE',
        company_industry: 'Software',
        language: { language_code: 'en', country_code: 'US' },
      }),
    ),
  );

  app.get(
    '/users',
    route(() => ok([...company.users.values()].map((u) => v1User(company, u)))),
  );

  app.get(
    '/personFields',
    route((c) => {
      const { page, pagination } = v1Page([...company.personFields.values()], queryOf(c));
      return ok(page.map(v1PersonField), { pagination });
    }),
  );

  app.get(
    '/personFields/:id{[0-9]+}',
    route((c) => {
      const field = company.personFields.get(pathId(c));
      if (!field) throw v1NotFound('Field not found');
      return ok(v1PersonField(field));
    }),
  );

  app.post(
    '/personFields',
    route(async (c) => {
      const body = await jsonBody(c, 'v1');
      if (typeof body.name !== 'string' || body.name.trim() === '') throw v1Invalid('Field name must be given.');
      const fieldType = body.field_type as PipedriveFieldType;
      if (!FIELD_TYPES.includes(fieldType)) throw v1Invalid(`Invalid field type: ${String(body.field_type)} (the stand-in knows ${FIELD_TYPES.join(', ')})`);
      const options = body.options === undefined ? [] : optionLabels(body.options).map((o) => o.label);
      const field = company.addPersonField({ name: body.name, fieldType, options });
      company.log({ entity: 'personField', action: 'created', id: field.id, body });
      return ok(v1PersonField(field), undefined, 201);
    }),
  );

  app.put(
    '/personFields/:id{[0-9]+}',
    route(async (c) => {
      const field = company.personFields.get(pathId(c));
      if (!field) throw v1NotFound('Field not found');
      if (!field.isCustom) throw v1Invalid('This field cannot be edited');
      const body = await jsonBody(c, 'v1');
      if (body.name !== undefined) {
        if (typeof body.name !== 'string' || body.name.trim() === '') throw v1Invalid('Field name must be given.');
        field.name = body.name;
        field.updateTime = company.time();
      }
      if (body.options !== undefined) {
        if (!field.options) throw v1Invalid('Options can only be set on enum and set fields');
        const options = optionLabels(body.options);
        const unknown = options.find((o) => o.id !== undefined && !field.options?.some((known) => known.id === o.id));
        if (unknown) throw v1Invalid(`Option with ID ${unknown.id} not found`);
        company.setPersonFieldOptions(field.id, options);
      }
      company.log({ entity: 'personField', action: 'updated', id: field.id, body });
      return ok(v1PersonField(field));
    }),
  );

  app.get(
    '/activityTypes',
    route(() => ok(company.activityTypes.map(v1ActivityType))),
  );

  app.put(
    '/persons/:id{[0-9]+}/merge',
    route(async (c) => {
      const id = pathId(c);
      const body = await jsonBody(c, 'v1');
      const mergeWithId = body.merge_with_id;
      if (typeof mergeWithId !== 'number' || !Number.isInteger(mergeWithId)) throw v1Invalid('merge_with_id must be given.');
      if (mergeWithId === id) throw v1Invalid('Cannot merge a person with itself.');
      for (const personId of [id, mergeWithId]) {
        const person = company.persons.get(personId);
        if (!person || person.deleteTime !== null) throw v1NotFound('Person not found');
      }
      const kept = company.mergePersons(id, mergeWithId);
      company.log({ entity: 'person', action: 'merged', id, body });
      return ok({ ...v1Person(company, kept), merge_what_id: id });
    }),
  );

  app.get(
    '/recents',
    route((c) => {
      const query = queryOf(c);
      const since = query('since_timestamp');
      if (!since || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since.replace(' ', 'T')}Z`))) {
        throw v1Invalid('since_timestamp must be given in the format YYYY-MM-DD HH:MM:SS.');
      }
      const sinceMs = Date.parse(`${since.replace(' ', 'T')}Z`);
      const items = commaList(query, 'items') ?? RECENT_ITEMS;
      const unknown = items.find((item) => !RECENT_ITEMS.includes(item));
      if (unknown) throw v1Invalid(`Invalid item type: ${unknown}`);
      const persons = items.includes('person')
        ? [...company.persons.values()].filter((p) => p.updateTime >= sinceMs && !company.isGone(p)).sort((a, b) => a.updateTime - b.updateTime || a.id - b.id)
        : [];
      const { page, pagination } = v1Page(persons, query);
      return ok(
        page.map((p) => ({ item: 'person', id: p.id, data: v1Person(company, p) })),
        { since_timestamp: since, last_timestamp_on_page: v1Time(page.at(-1)?.updateTime ?? null), pagination },
      );
    }),
  );

  return app;
}

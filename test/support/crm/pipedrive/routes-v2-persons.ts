import { Hono, type Context } from 'hono';
import type { PipedriveCompany } from './company';
import { jsonBody, ok, pathId, queryOf, route } from './http';
import { commaList, sortValue, v2Boolean, v2Filter, v2Integer, v2List, v2Page, type Query } from './paging';
import type { PipedrivePerson } from './records';
import { personInput } from './validation';
import { rfc3339, v2Invalid, v2NotFound, v2Person, v2PersonField, type PersonView } from './wire';

// API v2 persons (/api/v2/persons…) and person fields (/api/v2/personFields…).

function personView(query: Query): PersonView {
  const keys = commaList(query, 'custom_fields');
  if (keys && keys.length > 15) throw v2Invalid('custom_fields', 'A maximum of 15 keys is allowed');
  const include = commaList(query, 'include_fields');
  return { keys, optionLabels: v2Boolean(query, 'include_option_labels') ?? false, include: include ? new Set(include) : undefined };
}

export function v2PersonRoutes(company: PipedriveCompany): Hono {
  const app = new Hono();
  const livePersons = () => [...company.persons.values()].filter((p) => p.deleteTime === null);

  /** A person that can be read: deleted ones for 30 days (with is_deleted), then not found. */
  const readable = (c: Context): PipedrivePerson => {
    const person = company.persons.get(pathId(c));
    if (!person || company.isGone(person)) throw v2NotFound('Person');
    return person;
  };
  const writable = (c: Context): PipedrivePerson => {
    const person = readable(c);
    if (person.deleteTime !== null) throw v2NotFound('Person');
    return person;
  };

  app.get(
    '/persons',
    route((c) => {
      const query = queryOf(c);
      const list = v2List(query, ['id', 'update_time', 'add_time']);
      const ownerId = v2Integer(query, 'owner_id');
      const orgId = v2Integer(query, 'org_id');
      const dealId = v2Integer(query, 'deal_id');
      const dealPerson = dealId === undefined ? undefined : company.deals.get(dealId)?.personId;
      const view = personView(query);
      const matching = v2Filter(livePersons(), list).filter(
        (p) => (ownerId === undefined || p.ownerId === ownerId) && (orgId === undefined || p.orgId === orgId) && (dealId === undefined || p.id === dealPerson),
      );
      const { page, nextCursor } = v2Page(matching, list, sortValue);
      return ok(
        page.map((p) => v2Person(company, p, view)),
        { next_cursor: nextCursor },
      );
    }),
  );

  app.get(
    '/persons/search',
    route((c) => {
      const query = queryOf(c);
      const exact = v2Boolean(query, 'exact_match') ?? false;
      const term = (query('term') ?? '').trim().toLowerCase();
      if (term.length < (exact ? 1 : 2)) throw v2Invalid('term', `Must be at least ${exact ? 1 : 2} characters long`);
      const fields = commaList(query, 'fields') ?? ['name', 'email', 'phone', 'notes', 'custom_fields'];
      const orgId = v2Integer(query, 'organization_id');
      const list = v2List((name) => (['limit', 'cursor'].includes(name) ? query(name) : undefined), ['id']);
      const matches = (value: string) => (exact ? value.toLowerCase() === term : value.toLowerCase().includes(term));
      const scored = livePersons()
        .filter((p) => orgId === undefined || p.orgId === orgId)
        .map((p) => {
          const values = [
            ...(fields.includes('name') ? [p.name] : []),
            ...(fields.includes('email') ? p.emails.map((e) => e.value) : []),
            ...(fields.includes('phone') ? p.phones.map((e) => e.value) : []),
            ...(fields.includes('custom_fields') ? Object.values(p.customFields).filter((v): v is string => typeof v === 'string') : []),
          ];
          return { person: p, score: values.some((v) => v.toLowerCase() === term) ? 1 : values.some(matches) ? 0.5 : 0, id: p.id };
        })
        .filter((s) => s.score > 0);
      const { page, nextCursor } = v2Page(scored, list, (s) => s.id);
      const items = page.map(({ person, score }) => {
        const org = person.orgId === null ? undefined : company.organizations.get(person.orgId);
        return {
          result_score: score,
          item: {
            id: person.id,
            type: 'person',
            name: person.name,
            phones: person.phones.map((e) => e.value),
            emails: person.emails.map((e) => e.value),
            visible_to: person.visibleTo,
            owner: { id: person.ownerId },
            organization: org ? { id: org.id, name: org.name, address: org.address?.value ?? null } : null,
            custom_fields: [],
            notes: [],
            update_time: rfc3339(person.updateTime),
          },
        };
      });
      return ok({ items }, { next_cursor: nextCursor });
    }),
  );

  app.get(
    '/persons/:id{[0-9]+}',
    route((c) => ok(v2Person(company, readable(c), personView(queryOf(c))))),
  );

  app.post(
    '/persons',
    route(async (c) => {
      const body = await jsonBody(c, 'v2');
      const person = company.addPerson(personInput(company, body, true));
      company.log({ entity: 'person', action: 'created', id: person.id, body });
      return ok(v2Person(company, person), undefined, 201);
    }),
  );

  app.patch(
    '/persons/:id{[0-9]+}',
    route(async (c) => {
      const person = writable(c);
      const body = await jsonBody(c, 'v2');
      company.updatePerson(person.id, personInput(company, body, false));
      company.log({ entity: 'person', action: 'updated', id: person.id, body });
      return ok(v2Person(company, person));
    }),
  );

  app.delete(
    '/persons/:id{[0-9]+}',
    route((c) => {
      const person = writable(c);
      company.deletePerson(person.id);
      company.log({ entity: 'person', action: 'deleted', id: person.id, body: null });
      return ok({ id: person.id });
    }),
  );

  app.get(
    '/personFields',
    route((c) => {
      const list = v2List(queryOf(c), ['id']);
      const { page, nextCursor } = v2Page([...company.personFields.values()], list, (f) => f.id);
      return ok(
        page.map((f) => v2PersonField(f)),
        { next_cursor: nextCursor },
      );
    }),
  );

  app.get(
    '/personFields/:code',
    route((c) => {
      const field = [...company.personFields.values()].find((f) => f.key === c.req.param('code'));
      if (!field) throw v2NotFound('Field');
      return ok(v2PersonField(field));
    }),
  );

  return app;
}

import { Hono, type Context } from 'hono';
import type { PipedriveCompany } from './company';
import { jsonBody, ok, pathId, queryOf, route } from './http';
import { commaList, sortValue, v2Boolean, v2Filter, v2Integer, v2List, v2Page } from './paging';
import type { PipedriveActivity } from './records';
import { activityInput } from './validation';
import { v2Activity, v2Deal, v2Invalid, v2NotFound, v2Organization } from './wire';

// API v2 organisations, activities and deals (/api/v2/…). Lists leave deleted records out
// (deals come back with status=deleted for 30 days); a record read by id is there, with
// is_deleted, for 30 days after its deletion.

export function v2RecordRoutes(company: PipedriveCompany): Hono {
  const app = new Hono();

  function readable<T extends { deleteTime: number | null }>(c: Context, map: Map<number, T>, what: string): T {
    const record = map.get(pathId(c));
    if (!record || company.isGone(record)) throw v2NotFound(what);
    return record;
  }

  app.get(
    '/organizations',
    route((c) => {
      const query = queryOf(c);
      const list = v2List(query, ['id', 'update_time', 'add_time']);
      const ownerId = v2Integer(query, 'owner_id');
      const live = [...company.organizations.values()].filter((o) => o.deleteTime === null && (ownerId === undefined || o.ownerId === ownerId));
      const { page, nextCursor } = v2Page(v2Filter(live, list), list, sortValue);
      return ok(page.map(v2Organization), { next_cursor: nextCursor });
    }),
  );

  app.get(
    '/organizations/:id{[0-9]+}',
    route((c) => ok(v2Organization(readable(c, company.organizations, 'Organization')))),
  );

  app.get(
    '/activities',
    route((c) => {
      const query = queryOf(c);
      const list = v2List(query, ['id', 'update_time', 'add_time', 'due_date']);
      const wanted: Partial<Record<'ownerId' | 'dealId' | 'personId' | 'orgId', number>> = {
        ownerId: v2Integer(query, 'owner_id'),
        dealId: v2Integer(query, 'deal_id'),
        personId: v2Integer(query, 'person_id'),
        orgId: v2Integer(query, 'org_id'),
      };
      const done = v2Boolean(query, 'done');
      const attendees = commaList(query, 'include_fields')?.includes('attendees') ?? false;
      const live = [...company.activities.values()].filter(
        (a) =>
          a.deleteTime === null &&
          (done === undefined || a.done === done) &&
          Object.entries(wanted).every(([key, value]) => value === undefined || a[key as keyof PipedriveActivity] === value),
      );
      const { page, nextCursor } = v2Page(v2Filter(live, list), list, sortValue);
      return ok(
        page.map((a) => v2Activity(a, attendees)),
        { next_cursor: nextCursor },
      );
    }),
  );

  app.get(
    '/activities/:id{[0-9]+}',
    route((c) => ok(v2Activity(readable(c, company.activities, 'Activity'), commaList(queryOf(c), 'include_fields')?.includes('attendees')))),
  );

  app.post(
    '/activities',
    route(async (c) => {
      const body = await jsonBody(c, 'v2');
      const activity = company.addActivity(activityInput(company, body));
      company.log({ entity: 'activity', action: 'created', id: activity.id, body });
      return ok(v2Activity(activity), undefined, 201);
    }),
  );

  app.patch(
    '/activities/:id{[0-9]+}',
    route(async (c) => {
      const activity = readable(c, company.activities, 'Activity');
      if (activity.deleteTime !== null) throw v2NotFound('Activity');
      const body = await jsonBody(c, 'v2');
      company.updateActivity(activity.id, activityInput(company, body));
      company.log({ entity: 'activity', action: 'updated', id: activity.id, body });
      return ok(v2Activity(activity));
    }),
  );

  app.delete(
    '/activities/:id{[0-9]+}',
    route((c) => {
      const activity = readable(c, company.activities, 'Activity');
      if (activity.deleteTime !== null) throw v2NotFound('Activity');
      company.deleteActivity(activity.id);
      company.log({ entity: 'activity', action: 'deleted', id: activity.id, body: null });
      return ok({ id: activity.id });
    }),
  );

  app.get(
    '/deals',
    route((c) => {
      const query = queryOf(c);
      const list = v2List(query, ['id', 'update_time', 'add_time']);
      const statuses = commaList(query, 'status');
      const unknown = statuses?.find((s) => !['open', 'won', 'lost', 'deleted'].includes(s));
      if (unknown) throw v2Invalid('status', `Must be one of open, won, lost, deleted, got '${unknown}'`);
      const wanted = {
        ownerId: v2Integer(query, 'owner_id'),
        personId: v2Integer(query, 'person_id'),
        orgId: v2Integer(query, 'org_id'),
        pipelineId: v2Integer(query, 'pipeline_id'),
        stageId: v2Integer(query, 'stage_id'),
      };
      const deals = [...company.deals.values()].filter((d) => {
        const status = d.deleteTime === null ? d.status : 'deleted';
        const statusWanted = statuses ? statuses.includes(status) : status !== 'deleted';
        return statusWanted && !company.isGone(d) && Object.entries(wanted).every(([key, value]) => value === undefined || d[key as keyof typeof wanted] === value);
      });
      const { page, nextCursor } = v2Page(v2Filter(deals, list), list, sortValue);
      return ok(page.map(v2Deal), { next_cursor: nextCursor });
    }),
  );

  app.get(
    '/deals/:id{[0-9]+}',
    route((c) => ok(v2Deal(readable(c, company.deals, 'Deal')))),
  );

  return app;
}

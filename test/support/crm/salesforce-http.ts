import type { Context, Handler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiUsage, SalesforceAuth } from './salesforce-auth';
import { MultipleMatches, type SalesforceOrg } from './salesforce-org';
import type { StoredRecord } from './salesforce-schema';
import { outputValue, SalesforceError } from './salesforce-values';
import { SoqlError } from './soql';

// What the data API's routes share: the org behind them, the request's user and version,
// errors answered as Salesforce's error array, and records answered with their attributes.

export interface DataApi {
  org: SalesforceOrg;
  auth: SalesforceAuth;
  usage: ApiUsage;
  /** The newest API version the stand-in serves, e.g. "62.0". */
  apiVersion: string;
}

export type DataEnv = { Variables: { userId: string; version: string } };
export type DataContext = Context<DataEnv>;

export const recordUrl = (version: string, type: string, id: string) => `/services/data/v${version}/sobjects/${type}/${id}`;

/** [{ message, errorCode, fields? }] with the error's status. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof SalesforceError) {
    const body = { message: error.message, errorCode: error.errorCode, ...(error.fields ? { fields: error.fields } : {}) };
    return c.json([body], error.status as ContentfulStatusCode);
  }
  if (error instanceof SoqlError) return c.json([{ message: error.message, errorCode: error.errorCode }], 400);
  if (error instanceof MultipleMatches) {
    const version = String(c.get('version') ?? '');
    return c.json(
      error.records.map((r) => recordUrl(version, r.type, r.id)),
      300,
    );
  }
  console.error('Salesforce stand-in: unexpected error', error);
  return c.json([{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0-0 (0)', errorCode: 'UNKNOWN_EXCEPTION' }], 500);
}

/** A route handler whose thrown errors are answered as Salesforce answers them. */
export function guarded(handler: (c: DataContext) => Response | Promise<Response>): Handler<DataEnv> {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      return errorResponse(c, error);
    }
  };
}

/** The request's JSON body, or JSON_PARSER_ERROR. */
export async function jsonBody(c: DataContext): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', `Unexpected character in the request body: ${(error as Error).message}`);
  }
}

export async function jsonObject(c: DataContext): Promise<Record<string, unknown>> {
  const body = await jsonBody(c);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from the request body');
  return body as Record<string, unknown>;
}

/** A record with its attributes, all its fields or the ones asked for. */
export function recordJson(api: DataApi, version: string, record: StoredRecord, fieldNames?: string[]): Record<string, unknown> {
  const def = api.org.requireObject(record.type);
  const fields = fieldNames
    ? fieldNames.map((name) => {
        const found = api.org.schema.field(def.name, name);
        if (!found) throw new SalesforceError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
        return found;
      })
    : def.fields;
  const json: Record<string, unknown> = { attributes: { type: record.type, url: recordUrl(version, record.type, record.id) } };
  for (const field of fields) json[field.name] = outputValue(field, record.values[field.name]);
  return json;
}

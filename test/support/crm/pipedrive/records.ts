// The Pipedrive company the stand-in holds, as plain records: what tests seed through the
// control object, and what the API routes read and write. Times are ms since the epoch on the
// stand-in's clock, cut to whole seconds as Pipedrive keeps them.

export interface PipedriveContact {
  value: string;
  primary: boolean;
  label: string;
}

export interface PipedriveAddress {
  value: string;
  country?: string;
  admin_area_level_1?: string;
  locality?: string;
  route?: string;
  street_number?: string;
  postal_code?: string;
}

export interface PipedriveUser {
  id: number;
  name: string;
  email: string;
  active: boolean;
  isAdmin: boolean;
  addTime: number;
  updateTime: number;
}

interface Timestamped {
  addTime: number;
  updateTime: number;
  /** When it was marked as deleted (or merged away); null while it lives. */
  deleteTime: number | null;
}

export interface PipedrivePerson extends Timestamped {
  id: number;
  name: string;
  firstName: string | null;
  lastName: string | null;
  emails: PipedriveContact[];
  phones: PipedriveContact[];
  ownerId: number;
  orgId: number | null;
  /** Values keyed by the custom field's 40-hex key: an option id (enum), option ids (set), a string, a number. */
  customFields: Record<string, unknown>;
  labelIds: number[];
  visibleTo: number;
  /** Set on the person merged away: the person that took its place. */
  mergedIntoId: number | null;
}

export interface PipedriveOrganization extends Timestamped {
  id: number;
  name: string;
  ownerId: number;
  address: PipedriveAddress | null;
  customFields: Record<string, unknown>;
  labelIds: number[];
  visibleTo: number;
}

export interface PipedriveActivity extends Timestamped {
  id: number;
  subject: string;
  /** The activity type's key_string: call, meeting, task, deadline, email, lunch. */
  type: string;
  done: boolean;
  /** YYYY-MM-DD */
  dueDate: string | null;
  /** HH:MM, in UTC */
  dueTime: string | null;
  /** HH:MM */
  duration: string | null;
  personId: number | null;
  orgId: number | null;
  dealId: number | null;
  ownerId: number;
  creatorUserId: number;
  note: string | null;
  publicDescription: string | null;
  busy: boolean;
  markedAsDoneTime: number | null;
}

export type PipedriveDealStatus = 'open' | 'won' | 'lost';

export interface PipedriveDeal extends Timestamped {
  id: number;
  title: string;
  value: number;
  currency: string;
  status: PipedriveDealStatus;
  wonTime: number | null;
  lostTime: number | null;
  closeTime: number | null;
  lostReason: string | null;
  personId: number | null;
  orgId: number | null;
  ownerId: number;
  pipelineId: number;
  stageId: number;
  customFields: Record<string, unknown>;
}

export type PipedriveFieldType = 'varchar' | 'varchar_auto' | 'text' | 'double' | 'date' | 'enum' | 'set' | 'phone';

export interface PipedriveOption {
  id: number;
  label: string;
}

export interface PipedrivePersonField {
  id: number;
  /** The 40-hex key for a custom field; the property name for a built-in one. */
  key: string;
  name: string;
  fieldType: PipedriveFieldType | 'int' | 'user' | 'org' | 'visible_to';
  options: PipedriveOption[] | null;
  deletedOptions: PipedriveOption[];
  isCustom: boolean;
  addTime: number;
  updateTime: number;
}

export interface PipedriveActivityType {
  id: number;
  name: string;
  keyString: string;
  iconKey: string;
  orderNr: number;
}

/** A write the API answered, in the order they came. */
export interface PipedriveChange {
  entity: 'person' | 'organization' | 'activity' | 'deal' | 'personField';
  action: 'created' | 'updated' | 'deleted' | 'merged';
  id: number;
  /** The clock's reading when the write was made. */
  at: number;
  /** The request body as sent (for a merge, `{ merge_with_id }`). */
  body: unknown;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Deleted records can be read for 30 days, then they are gone for good. */
export const DELETED_KEPT_MS = 30 * DAY_MS;

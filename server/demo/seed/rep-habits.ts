import type { TTouchChannel } from '../../domain/touches';
import { HOUR, MINUTE } from './common';
import type { TSource } from './marketing';

// What reps do with a handover: rejection reasons, notes, touch delays.

// Rep behaviour

export const REJECTION_WEIGHTS: Record<string, number> = {
  no_intent: 20,
  no_authority: 17,
  wrong_company_size: 15,
  bad_timing: 12,
  icp_misfit: 9,
  no_budget: 8,
  using_competitor: 6,
  competitor_or_researcher: 5,
  bad_contact_data: 3,
  duplicate: 2,
  internal_or_test: 1,
  other: 4,
};

export const SOURCE_REJECTION_TILT: Partial<Record<TSource, Partial<Record<string, number>>>> = {
  'Content Syndication': { no_intent: 2, competitor_or_researcher: 3, no_authority: 1.5, bad_contact_data: 2 },
  'Paid Search': { using_competitor: 2, no_budget: 1.5 },
  'Trade Show': { bad_timing: 1.8, bad_contact_data: 1.5 },
  'Partner Referral': { bad_timing: 2, duplicate: 2 },
};

export const WITHOUT_CONTACT_REASONS: Record<string, number> = {
  duplicate: 4,
  bad_contact_data: 4,
  competitor_or_researcher: 4,
  wrong_company_size: 3,
  internal_or_test: 1,
  icp_misfit: 2,
};

export const OTHER_NOTES = [
  'Already in an open deal with our partner team.',
  'Reseller enquiry: passed to partnerships.',
  'Wants a free tier only; revisit if pricing changes.',
  'Subsidiary of an existing customer: handled by their account manager.',
  'Asked for data for an investor report, not a buyer.',
];

export const ACCEPT_NOTES = ['Discovery call booked.', 'Good fit, budget confirmed for next quarter.', 'Intro call done, evaluating against RouteWise.', undefined, undefined, undefined];

/** Business-time delay to the first touch for each habit bucket. */
export const TOUCH_DELAYS: readonly [number, number][] = [
  [0.5 * MINUTE, 4.5 * MINUTE],
  [6 * MINUTE, 55 * MINUTE],
  [1.1 * HOUR, 3.8 * HOUR],
  [4.2 * HOUR, 8 * HOUR],
  [8 * HOUR, 24 * HOUR],
];

/** The seeds' SQL → opportunity conversion by first-touch delay, over the share of handovers accepted. */
export const EXPECTED_ACCEPTANCE = 0.75;

export type TAction =
  | { kind: 'touch'; at: number; handoverId: string; leadId: string; channel: TTouchChannel; key: string }
  | {
      kind: 'decide';
      at: number;
      handoverId: string;
      leadId: string;
      decision: 'accepted' | 'rejected';
      reasonId?: string;
      note?: string;
      key: string;
      /** After an acceptance: what happens to the deal, relative to the decision. */
      deal?: { opportunityAfter: number; outcome?: { type: 'closed_won' | 'closed_lost'; after: number } };
    };

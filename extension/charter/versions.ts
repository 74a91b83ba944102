import type { TCharterVersions } from '../lib/types';

// Where each version stands: the one in force, those before it, and proposals awaiting
// their two signatures.

export type TCharterVersion = TCharterVersions[number];
export type TVersionStatus = 'active' | 'superseded' | 'awaiting' | 'not_adopted';

export const STATUS_WORDS: Readonly<Record<TVersionStatus, string>> = {
  active: 'Active',
  superseded: 'Superseded',
  awaiting: 'Awaiting sign-off',
  not_adopted: 'Not adopted',
};

/** The version in force: the highest one activated (both sides signed). */
export function activeVersion(versions: readonly TCharterVersion[]): TCharterVersion | null {
  return versions.filter((v) => v.activatedAt !== null).sort((a, b) => b.version - a.version)[0] ?? null;
}

export function versionStatus(version: TCharterVersion, active: TCharterVersion | null): TVersionStatus {
  if (active && version.version === active.version) return 'active';
  if (version.activatedAt !== null) return 'superseded';
  return active && version.version < active.version ? 'not_adopted' : 'awaiting';
}

/** The newest proposal still waiting for a signature, if any: what "Sign off" signs. */
export function awaitingVersion(versions: readonly TCharterVersion[]): TCharterVersion | null {
  const active = activeVersion(versions);
  return versions.filter((v) => versionStatus(v, active) === 'awaiting').sort((a, b) => b.version - a.version)[0] ?? null;
}

export function signoffOf(version: TCharterVersion, team: 'marketing' | 'sales') {
  return version.signoffs.find((s) => s.team === team) ?? null;
}

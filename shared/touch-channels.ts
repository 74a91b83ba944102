// How a rep reaches a lead: the channels a touch may be logged on. Dependency-free, so the
// server's input schema and the extension's sidebar read the same list.

export const TOUCH_CHANNELS = ['call', 'email', 'linkedin', 'meeting', 'sms', 'other'] as const;
export type TTouchChannel = (typeof TOUCH_CHANNELS)[number];

/** Each channel as a rep reads it. */
export const TOUCH_CHANNEL_LABELS: Record<TTouchChannel, string> = {
  call: 'Call',
  email: 'E-mail',
  linkedin: 'LinkedIn',
  meeting: 'Meeting',
  sms: 'SMS',
  other: 'Other',
};

/** A channel the server recorded, in words; one this list does not know (an older or newer server's) as it came. */
export function touchChannelLabel(channel: string): string {
  return (TOUCH_CHANNEL_LABELS as Partial<Record<string, string>>)[channel] ?? channel;
}

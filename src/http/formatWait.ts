/**
 * A provider's requested wait as a person reads it: `20 s`, `5 min`, `1 h`, `2 days`.
 * Rounded up below a minute, to one decimal above, so a message never promises less than asked.
 */
export function formatWait(ms: number): string {
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.ceil(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${oneDecimal(ms / 3_600_000)} h`;
  const days = oneDecimal(ms / 86_400_000);
  return `${days} ${days === '1' ? 'day' : 'days'}`;
}

function oneDecimal(value: number): string {
  return String(Math.ceil(value * 10) / 10);
}

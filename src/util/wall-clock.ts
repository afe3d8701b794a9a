/**
 * Wall-clock times as written by the tools (`2026-04-22 14:20:07`, `20260422-142007`,
 * `2026-04-22T14:20:07+08:00`): compared as wall clocks, the zone dropped, because GPU samplers
 * write none and the evidence of one run comes from one machine. Milliseconds are those of the
 * wall clock read as UTC; the string form is ISO 8601 without a zone.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;

export function parseWallClock(text: string): number | undefined {
  const m = ISO.exec(text.trim()) ?? COMPACT.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

export function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * The value formats Prometheus templates offer (`humanize`, `humanizePercentage`,
 * `humanizeDuration`, `humanize1024`), reproduced step by step so that the promtool tests
 * the presets generate can state the exact annotation text an alert will carry.
 */

/** How an alert's description shows its value. */
export type ValueFormat = 'number' | 'percent' | 'duration' | 'bytes';

/** The Go template function that renders each format. */
export const TEMPLATE_FUNCTION: Readonly<Record<ValueFormat, string>> = {
  number: 'humanize',
  percent: 'humanizePercentage',
  duration: 'humanizeDuration',
  bytes: 'humanize1024',
};

/**
 * Go's `%.4g`: four significant digits, rounded half to even on exact ties as Go's strconv
 * does, trailing zeros dropped, exponent form below 1e-4 and from 1e4 on.
 */
function goG4(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential(80).split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  let exponent = Number(exponentText);
  let head = Number(digits.slice(0, 4));
  const tail = digits.slice(4);
  const tie = tail[0] === '5' && /^0*$/.test(tail.slice(1));
  if (tail[0]! > '5' || (tail[0] === '5' && !tie) || (tie && head % 2 === 1)) head += 1;
  if (head === 10000) {
    head = 1000;
    exponent += 1;
  }
  const four = String(head);
  const trim = (text: string): string => (text.includes('.') ? text.replace(/\.?0*$/, '') : text);
  if (exponent < -4 || exponent >= 4) {
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${trim(`${four[0]}.${four.slice(1)}`)}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent >= 0) return `${sign}${trim(`${four.slice(0, exponent + 1)}.${four.slice(exponent + 1)}`)}`;
  return `${sign}${trim(`0.${'0'.repeat(-exponent - 1)}${four}`)}`;
}

const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

function scaleDown(value: number): [number, string] {
  let v = value;
  let prefix = '';
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

/** Prometheus' `humanize`: SI prefixes (k, M, G … and m, u, n …). */
function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return goG4(value);
  if (Math.abs(value) >= 1) {
    let v = value;
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${goG4(v)}${prefix}`;
  }
  const [v, prefix] = scaleDown(value);
  return `${goG4(v)}${prefix}`;
}

/** Prometheus' `humanizePercentage`: a ratio as a percentage. */
export function humanizePercentage(value: number): string {
  return `${goG4(value * 100)}%`;
}

/** Prometheus' `humanizeDuration`: seconds as `1d 2h 3m 4s`, `4.5s` or `120ms`. */
export function humanizeDuration(value: number): string {
  if (!Number.isFinite(value)) return goG4(value);
  if (value === 0) return '0s';
  if (Math.abs(value) >= 1) {
    const sign = value < 0 ? '-' : '';
    const v = Math.abs(value);
    const duration = Math.trunc(v);
    const seconds = duration % 60;
    const minutes = Math.trunc(duration / 60) % 60;
    const hours = Math.trunc(duration / 3600) % 24;
    const days = Math.trunc(duration / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${goG4(v)}s`;
  }
  const [v, prefix] = scaleDown(value);
  return `${goG4(v)}${prefix}s`;
}

/** Prometheus' `humanize1024`: binary prefixes (ki, Mi, Gi …). */
function humanize1024(value: number): string {
  if (Math.abs(value) <= 1 || !Number.isFinite(value)) return goG4(value);
  let v = value;
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return `${goG4(v)}${prefix}`;
}

/** Formats a value as the template function of `format` would. */
export function formatValue(value: number, format: ValueFormat): string {
  switch (format) {
    case 'number':
      return humanize(value);
    case 'percent':
      return humanizePercentage(value);
    case 'duration':
      return humanizeDuration(value);
    case 'bytes':
      return humanize1024(value);
  }
}

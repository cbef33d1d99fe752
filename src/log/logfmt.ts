import type { DestinationStream } from 'pino';

/**
 * Turns pino's JSON lines into logfmt (`ts=… level=info msg="…" key=value`), the other format
 * Prometheus exporters offer. Nested objects are flattened with dots.
 */
export function logfmtDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      out.write(`${toLogfmt(record)}\n`);
    },
  };
}

export function toLogfmt(record: Record<string, unknown>): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v);
      return;
    }
    pairs.push(`${key}=${quote(typeof value === 'string' ? value : JSON.stringify(value))}`);
  };
  const { time, level, msg, ...rest } = record;
  add('ts', time);
  add('level', level);
  add('msg', msg);
  for (const [k, v] of Object.entries(rest)) add(k, v);
  return pairs.join(' ');
}

function quote(value: string): string {
  return value === '' || /[\s"=\\]/.test(value) ? JSON.stringify(value) : value;
}

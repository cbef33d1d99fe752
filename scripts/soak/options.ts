/** Command line of the soak run: `--minutes N` (default 2) and `--accounts N` (default 200). */
export interface SoakOptions {
  readonly minutes: number;
  readonly accounts: number;
}

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const values: Record<string, number> = { minutes: 2, accounts: 200 };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(minutes|accounts)(?:=(.*))?$/.exec(argv[i]!);
    if (!match) throw new Error(`soak: unknown argument ${argv[i]} (use --minutes N, --accounts N)`);
    const raw = match[2] ?? argv[++i];
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: --${match[1]} needs a positive number`);
    values[match[1]!] = value;
  }
  return { minutes: values['minutes']!, accounts: Math.floor(values['accounts']!) };
}

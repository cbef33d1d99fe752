/**
 * Command line of the soak run: `--minutes N` (default 2), `--warmup-minutes N` (default 1: RSS
 * is compared with its level at the end of the warm-up) and `--accounts N` (default 200).
 */
export interface SoakOptions {
  readonly minutes: number;
  readonly warmupMinutes: number;
  readonly accounts: number;
}

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const values: Record<string, number> = { minutes: 2, 'warmup-minutes': 1, accounts: 200 };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(minutes|warmup-minutes|accounts)(?:=(.*))?$/.exec(argv[i]!);
    if (!match)
      throw new Error(
        `soak: unknown argument ${argv[i]} (use --minutes N, --warmup-minutes N, --accounts N)`,
      );
    const raw = match[2] ?? argv[++i];
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: --${match[1]} needs a positive number`);
    values[match[1]!] = value;
  }
  const minutes = values['minutes']!;
  const warmupMinutes = values['warmup-minutes']!;
  if (warmupMinutes >= minutes) throw new Error('soak: --warmup-minutes must be less than --minutes');
  return { minutes, warmupMinutes, accounts: Math.floor(values['accounts']!) };
}

/** Request counts per (account, action, code), for `stats()` and `GET /_simulator/stats`. */
export class RequestCounter {
  private readonly counts = new Map<
    string,
    { account: string; action: string; code: string; count: number }
  >();
  throttled = 0;

  record(account: string, action: string, code: string): void {
    const key = `${account}\u0000${action}\u0000${code}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { account, action, code, count: 1 });
  }

  entries(): Array<{ account: string; action: string; code: string; count: number }> {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.counts.clear();
    this.throttled = 0;
  }
}

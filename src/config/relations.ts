import { keyPathOf } from '../util/parsed-data.js';
import type { ConfigProblem } from './errors.js';
import { type RawCredentials, type RawFile, SECRET_BASES, type SecretFields } from './schema.js';

type Path = readonly PropertyKey[];
type Holder = SecretFields & Record<string, unknown>;

/** Whether any of the flat secret keys (or their _file/_env forms) is present. */
export function hasSecretKeys(holder: Holder): boolean {
  return SECRET_BASES.some((base) => givenForms(holder, base).length > 0);
}

function givenForms(holder: Holder, base: string): string[] {
  return [base, `${base}_file`, `${base}_env`].filter((key) => holder[key] !== undefined);
}

/** Each secret given at most one way; a key pair needs both halves. */
function checkSecretKeys(holder: Holder, path: Path, problems: ConfigProblem[]): void {
  for (const base of SECRET_BASES) {
    const forms = givenForms(holder, base);
    if (forms.length > 1) {
      problems.push({
        keyPath: keyPathOf([...path, forms[1]!]),
        detail: `cannot be combined with ${forms[0]}`,
      });
    }
  }
  const hasId = givenForms(holder, 'secret_id').length > 0;
  const hasKey = givenForms(holder, 'secret_key').length > 0;
  if (!hasId)
    problems.push({ keyPath: keyPathOf([...path, 'secret_id']), detail: 'is required with secret_key' });
  if (!hasKey)
    problems.push({ keyPath: keyPathOf([...path, 'secret_key']), detail: 'is required with secret_id' });
}

interface AccountEdge {
  readonly target: string;
  readonly path: Path;
}

function checkCredentials(
  creds: RawCredentials,
  path: Path,
  names: ReadonlySet<string>,
  edges: AccountEdge[],
  problems: ConfigProblem[],
): void {
  if (creds.source === 'static') {
    checkSecretKeys(creds as Holder, path, problems);
    return;
  }
  if (creds.source !== 'assume_role') return;
  if (creds.from === undefined && creds.from_account === undefined) {
    problems.push({ keyPath: keyPathOf([...path, 'from']), detail: 'is required (or from_account)' });
  }
  if (creds.from !== undefined && creds.from_account !== undefined) {
    problems.push({ keyPath: keyPathOf([...path, 'from_account']), detail: 'cannot be combined with from' });
  }
  if (creds.from !== undefined) checkCredentials(creds.from, [...path, 'from'], names, edges, problems);
  if (creds.from_account !== undefined) {
    const at = [...path, 'from_account'];
    if (names.has(creds.from_account)) edges.push({ target: creds.from_account, path: at });
    else {
      problems.push({
        keyPath: keyPathOf(at),
        detail: `${JSON.stringify(creds.from_account)} is not the name of an account`,
      });
    }
  }
}

/** from_account chains must end in an account that does not lead back. */
function checkCycles(edgesByAccount: Map<string, AccountEdge[]>, problems: ConfigProblem[]): void {
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    for (const edge of edgesByAccount.get(name) ?? []) {
      const loopStart = trail.indexOf(edge.target);
      if (loopStart >= 0 || edge.target === name) {
        const loop = [...trail.slice(loopStart >= 0 ? loopStart : trail.length), name, edge.target];
        problems.push({ keyPath: keyPathOf(edge.path), detail: `forms a cycle: ${loop.join(' -> ')}` });
        continue;
      }
      visit(edge.target, [...trail, name]);
    }
    done.add(name);
  };
  for (const name of edgesByAccount.keys()) visit(name, []);
}

/** Checks that span keys: unique names, one credential form per account, from_account targets. */
export function relationProblems(file: RawFile, allowNoAccounts: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const accounts = file.accounts ?? [];
  if (accounts.length === 0 && !allowNoAccounts) {
    problems.push({ keyPath: 'accounts', detail: 'must list at least one account' });
  }
  const firstIndex = new Map<string, number>();
  accounts.forEach((account, index) => {
    const earlier = firstIndex.get(account.name);
    if (earlier === undefined) firstIndex.set(account.name, index);
    else {
      problems.push({
        keyPath: keyPathOf(['accounts', index, 'name']),
        detail: `${JSON.stringify(account.name)} is already the name of accounts[${earlier}]`,
      });
    }
  });
  const names = new Set(firstIndex.keys());
  const edgesByAccount = new Map<string, AccountEdge[]>();
  accounts.forEach((account, index) => {
    const path = ['accounts', index];
    const flat = hasSecretKeys(account);
    if (flat && account.credentials !== undefined) {
      problems.push({
        keyPath: keyPathOf([...path, 'credentials']),
        detail: 'cannot be combined with secret_id / secret_key / session_token; use one or the other',
      });
    } else if (flat) {
      checkSecretKeys(account, path, problems);
    } else if (account.credentials !== undefined) {
      const edges: AccountEdge[] = [];
      checkCredentials(account.credentials, [...path, 'credentials'], names, edges, problems);
      if (firstIndex.get(account.name) === index) edgesByAccount.set(account.name, edges);
    }
  });
  checkCycles(edgesByAccount, problems);
  return problems;
}

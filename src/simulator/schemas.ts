/** Validation of what arrives from outside the process: admin API bodies and the CLI config file. */
import { z } from 'zod';
import type { FaultRule, SimulatorAccount, SimulatorOptions } from './types.js';

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(3_600_000) }),
  z.strictObject({
    kind: z.literal('http_status'),
    status: z.number().int().min(100).max(599),
    retryAfter: z.string().max(64).optional(),
  }),
  z.strictObject({ kind: z.literal('truncated') }),
  z.strictObject({ kind: z.literal('non_json') }),
  z.strictObject({ kind: z.literal('wrong_types') }),
  z.strictObject({ kind: z.literal('nulls') }),
  z.strictObject({ kind: z.literal('fields'), fields: z.record(z.string(), z.unknown()) }),
  z.strictObject({ kind: z.literal('reset') }),
  z.strictObject({ kind: z.literal('error'), code: z.string().min(1), message: z.string().optional() }),
  z.strictObject({ kind: z.literal('hang') }),
  z.strictObject({ kind: z.literal('deep_nesting'), depth: z.number().int().min(1).max(100_000) }),
]);

export const faultRuleSchema = z.strictObject({
  fault: faultSchema,
  actions: z.array(z.string().min(1)).optional(),
  times: z.number().int().min(1).optional(),
});

export const accountSchema = z.strictObject({
  name: z.string().min(1),
  secretId: z.string().min(1),
  secretKey: z.string().min(1),
  uin: z.string().regex(/^\d+$/).optional(),
  imageTotal: z.number().int().min(1).optional(),
  baselineStrategyIds: z.array(z.number().int().min(0)).optional(),
  disabledBaselineStrategyIds: z.array(z.number().int().min(0)).optional(),
});

/** SimulatorOptions minus the functions; `accounts` may be left out (the demo accounts are used). */
export const fileOptionsSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  accounts: z.array(accountSchema).optional(),
  progressPerSecond: z.number().positive().optional(),
  idleSeconds: z.number().min(0).optional(),
  rateLimitPerSecond: z.number().int().min(1).optional(),
  metadataRole: z
    .strictObject({
      roleName: z.string().min(1),
      account: z.string().min(1),
      durationSeconds: z.number().int().min(1).optional(),
    })
    .optional(),
  webIdentityToken: z.string().min(1).optional(),
  tempCredentialSeconds: z.number().int().min(1).optional(),
});

export type FileOptions = Omit<SimulatorOptions, 'accounts' | 'now' | 'log'> & {
  accounts?: SimulatorAccount[];
};

/** A short, secret-free description of the first problem. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

export function parseFaultRule(value: unknown): FaultRule {
  const result = faultRuleSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid fault rule: ${describeIssue(result.error)}`);
  return result.data;
}

export function parseAccount(value: unknown): SimulatorAccount {
  const result = accountSchema.safeParse(value);
  if (!result.success) throw new Error(`invalid account: ${describeIssue(result.error)}`);
  return result.data;
}

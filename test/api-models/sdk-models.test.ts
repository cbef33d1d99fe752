/**
 * The SDK models are checked by the compiler (`npm run typecheck` over tsconfig.json, part of
 * `npm test`, and ts-jest when this file runs). Each `@ts-expect-error` below is a deliberately
 * wrong request, parser rule, parameter declaration or simulator answer: if the check stopped
 * biting, the directive itself would fail to compile.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_ACTIONS,
  EXAMPLE_DEVIATIONS,
  type ExampleResponse,
  type ModelRequest,
  type ResponseField,
} from '../../src/api-models/actions.js';
import { ACTION_PARAMS, type ParamSpecs } from '../../src/simulator/actions/params.js';
import type { ActionDefinition } from '../../src/simulator/actions/types.js';
import { parseAssetPage } from '../../src/tencentcloud/apis/asset-page.js';
import {
  callModel,
  type FieldRules,
  integer,
  parseFields,
  text,
} from '../../src/tencentcloud/apis/fields.js';
import {
  type ListEntry,
  parseSeverityLists,
  type SeverityListShape,
} from '../../src/tencentcloud/apis/severity-list.js';
import type { ApiCaller } from '../../src/tencentcloud/types.js';

const recorded: Record<string, unknown>[] = [];
const caller: ApiCaller = {
  account: 'types',
  call: async (_spec, payload) => {
    recorded.push(payload);
    return {};
  },
};

describe('requests are checked against the SDK request models', () => {
  it('accepts what the model requires and allows', async () => {
    await callModel(caller, 'DescribeBaselineStrategyList', { Limit: 100, Offset: 0, Enabled: 1 });
    await callModel(caller, 'DescribeScanState', { ModuleType: 'Malware' });
    await callModel(caller, 'DescribeAssetImageScanTask', {});
    await callModel(caller, 'DescribeComplianceTaskAssetSummary', { AssetTypeSet: ['ASSET_HOST'] });
    expect(recorded).toHaveLength(4);
  });

  it('rejects a request without a required parameter or with one the model lacks', async () => {
    // @ts-expect-error Enabled is required by DescribeBaselineStrategyListRequest
    await callModel(caller, 'DescribeBaselineStrategyList', { Limit: 100, Offset: 0 });
    // @ts-expect-error StrategyId is not a parameter of DescribeScanStateRequest
    await callModel(caller, 'DescribeScanState', { ModuleType: 'Baseline', StrategyId: 1 });
    const built = { ModuleType: 'Vul', Limit: 10 };
    // @ts-expect-error also when the request is built elsewhere and passed as a variable
    await callModel(caller, 'DescribeScanState', built);
    // @ts-expect-error the model's types too: Limit is a number
    await callModel(caller, 'DescribeBaselineStrategyList', { Limit: '100', Offset: 0, Enabled: 1 });
    // @ts-expect-error AssetTypeSet is required by DescribeComplianceTaskAssetSummaryRequest
    await callModel(caller, 'DescribeComplianceTaskAssetSummary', {});
    // @ts-expect-error DescribeAssetImageScanTask takes no input
    await callModel(caller, 'DescribeAssetImageScanTask', { TaskID: 'x' });
    const request: ModelRequest<'AssumeRole'> = { RoleArn: 'a', RoleSessionName: 'b' };
    expect(request.RoleArn).toBe('a');
  });
});

describe('the simulator declares every parameter as the model does', () => {
  it('rejects a declaration whose required flag differs from the model, a missing one, or an extra one', () => {
    const optionalEnabled: ParamSpecs<ModelRequest<'DescribeBaselineStrategyList'>> = {
      Limit: { type: 'integer', required: true },
      Offset: { type: 'integer', required: true },
      // @ts-expect-error Enabled is required in the model
      Enabled: { type: 'integer', required: false },
    };
    // @ts-expect-error Filters is missing
    const missing: ParamSpecs<ModelRequest<'DescribeScanState'>> = {
      ModuleType: { type: 'string', required: true },
    };
    const extra: ParamSpecs<ModelRequest<'DescribeAssetImageScanStatus'>> = {
      TaskID: { type: 'string', required: false },
      // @ts-expect-error the model has no Limit
      Limit: { type: 'integer', required: false },
    };
    expect([optionalEnabled, missing, extra]).toHaveLength(3);
    expect(Object.keys(ACTION_PARAMS).sort()).toEqual(Object.keys(API_ACTIONS).sort());
  });
});

describe('parsers read only fields the SDK response models declare', () => {
  it('rejects a rule for a field the model lacks', () => {
    type Out = { ItemCount: number; TotalCount: number };
    const rules: FieldRules<Out, ResponseField<'DescribeBaselineStrategyList'>> = {
      // @ts-expect-error Strategy list answers have no ItemCount
      ItemCount: integer(),
      TotalCount: integer(),
    };
    const context = { account: 'a', service: 'cwp', action: 'DescribeBaselineStrategyList' };
    expect(parseFields({ ItemCount: 1, TotalCount: 2 }, rules, context).value).toEqual({
      ItemCount: 1,
      TotalCount: 2,
    });
  });
});

describe('per-severity list parsers read only fields of the model list entry', () => {
  it('rejects an entry field the model lacks, and a list of another answer', () => {
    const shape: SeverityListShape<ListEntry<'DescribeVulLevelCount', 'VulLevelList'>> = {
      levelField: 'VulLevel',
      severityOf: (level) => (level === 4 ? 'critical' : undefined),
      levels: 'VulLevel 4',
      // @ts-expect-error the model's VulLevelInfo has Count (VulCount is VulLevelCountInfo, another model)
      countField: 'VulCount',
    };
    const context = { account: 'a', service: 'cwp', action: 'DescribeVulLevelCount' };
    const answer = { VulLevelList: [{ VulLevel: 4, VulCount: 2 }] };
    // @ts-expect-error VulnerabilityCnt is a list of DescribeImageRiskSummary, not of this answer
    parseSeverityLists(answer, 'DescribeVulLevelCount', ['VulnerabilityCnt'], shape, context);
    expect(
      parseSeverityLists(answer, 'DescribeVulLevelCount', ['VulLevelList'], shape, context).value,
    ).toEqual({
      VulLevelList: [{ severity: 'critical', count: 2 }],
    });
  });
});

describe('asset page parsers read only the list and entry fields the model declares', () => {
  it("rejects another answer's list, and an entry rule for a field the model's entry lacks", () => {
    const context = { account: 'a', service: 'cwp', action: 'DescribeMachines' };
    const rules: FieldRules<{ Quuid: string }, keyof ListEntry<'DescribeMachines', 'Machines'> & string> = {
      Quuid: text(),
    };
    const options = { limit: 100 };
    const answer = { Machines: [{ Quuid: 'q' }], TotalCount: 1 };
    // @ts-expect-error List is the image list's field, not DescribeMachines'
    parseAssetPage(answer, 'DescribeMachines', 'List', rules, context, options);
    // @ts-expect-error the model's Machine has no HostName
    parseAssetPage(answer, 'DescribeMachines', 'Machines', { HostName: text() }, context, options);
    expect(parseAssetPage(answer, 'DescribeMachines', 'Machines', rules, context, options).value).toEqual({
      entries: [{ Quuid: 'q' }],
      received: 1,
      totalCount: 1,
    });
  });
});

describe('simulator answers carry only fields the SDK response models declare', () => {
  it('rejects an answer field the model lacks, and allows only the declared deviations', () => {
    const strategy: ExampleResponse<'DescribeBaselineStrategyList'> = {
      // The declared deviation: a string id, as the official example answers.
      StrategyList: [{ StrategyId: '10023', CategoryIds: '[1]' }],
      TotalCount: 1,
    };
    const invented: ExampleResponse<'DescribeBaselineStrategyList'> = {
      // @ts-expect-error the model's Strategy has no ItemCount
      StrategyList: [{ StrategyId: 1, ItemCount: 5 }],
    };
    // Handlers declare their return type (as every handler in src/simulator/actions does), so
    // the answer literal is checked field by field, nested entries included.
    const handler: ActionDefinition<'DescribeAssetImageScanTask'> = {
      ...API_ACTIONS.DescribeAssetImageScanTask,
      handle: (): ExampleResponse<'DescribeAssetImageScanTask'> => ({
        TaskID: 't',
        Status: 'END',
        // @ts-expect-error the task answer has no Canceled field
        Canceled: true,
      }),
    };
    const scanState: ExampleResponse<'DescribeScanState'> = {
      // @ts-expect-error the model types ScanState as a number, and no deviation is declared for it
      ScanState: '2',
    };
    expect([strategy, invented, handler.action, scanState]).toHaveLength(4);
    // The declared deviation: a numeric ScanType, as the official example answers.
    const virus: ExampleResponse<'DescribeVirusScanTaskStatus'> = { ScanType: 1, Status: 'SCANNING' };
    const vul: ExampleResponse<'DescribeVulScanInfo'> = {
      // @ts-expect-error the model types ScanProgress as a number, and no deviation is declared for it
      ScanProgress: '50',
    };
    const compliance: ExampleResponse<'DescribeComplianceTaskAssetSummary'> = {
      // @ts-expect-error the model's ComplianceAssetSummary has no PassedRate
      AssetSummaryList: [{ AssetType: 'ASSET_HOST', PassedRate: 50 }],
    };
    expect([virus, vul, compliance]).toHaveLength(3);
    expect(EXAMPLE_DEVIATIONS.map((d) => `${d.action}.${d.field}`)).toEqual([
      'DescribeBaselineStrategyList.StrategyList[].StrategyId',
      'DescribeVirusScanTaskStatus.ScanType',
    ]);
    for (const deviation of EXAMPLE_DEVIATIONS) expect(deviation.source).toMatch(/example/);
  });
});

describe('the per-asset list actions are checked against their models', () => {
  it('requests: DescribeMachines needs MachineType and MachineRegion; the image list takes only model parameters', async () => {
    await callModel(caller, 'DescribeMachines', {
      MachineType: 'CVM',
      MachineRegion: 'ap-guangzhou',
      Limit: 100,
    });
    await callModel(caller, 'DescribeAssetImageList', {
      Limit: 100,
      Offset: 0,
      Filters: [{ Name: 'SecurityRisk', Values: ['CriticalLevelVul'], ExactMatch: true }],
    });
    // @ts-expect-error MachineRegion is required by DescribeMachinesRequest
    await callModel(caller, 'DescribeMachines', { MachineType: 'CVM' });
    // @ts-expect-error MachineType is required by DescribeMachinesRequest
    await callModel(caller, 'DescribeMachines', { MachineRegion: 'ap-guangzhou' });
    // @ts-expect-error the image list request has no Region parameter
    await callModel(caller, 'DescribeAssetImageList', { Limit: 100, Region: 'ap-guangzhou' });
    // @ts-expect-error the model's Limit is a number
    await callModel(caller, 'DescribeAssetImageList', { Limit: '100' });
    expect(recorded.slice(-2)).toHaveLength(2);
  });

  it('simulator parameters and answers, parser rules', () => {
    const optionalType: ParamSpecs<ModelRequest<'DescribeMachines'>> = {
      ...ACTION_PARAMS.DescribeMachines,
      // @ts-expect-error MachineType is required in the model
      MachineType: { type: 'string', required: false },
    };
    const machines: ExampleResponse<'DescribeMachines'> = {
      TotalCount: 1,
      // @ts-expect-error the model's Machine has no HostName (it is MachineName)
      Machines: [{ Quuid: 'q', VulNum: 1, HostName: 'h' }],
    };
    const images: ExampleResponse<'DescribeAssetImageList'> = {
      // @ts-expect-error the model types VirusCnt as a number, and no deviation is declared for it
      List: [{ ImageID: 'sha256:1', VirusCnt: '1' }],
      TotalCount: 1,
    };
    type Out = { HostName: string };
    const rules: FieldRules<Out, ResponseField<'DescribeMachines'>> = {
      // @ts-expect-error a DescribeMachines answer has no top-level HostName
      HostName: integer(),
    };
    expect([optionalType, machines, images, rules]).toHaveLength(4);
  });
});

describe('the runtime stays free of the SDK', () => {
  const root = join(import.meta.dirname, '..', '..');

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  }

  it('no compiled file in dist/ loads tencentcloud-sdk-nodejs (types only)', () => {
    // `npm test` builds dist/ before running the tests.
    const compiled = files(join(root, 'dist')).filter((f) => f.endsWith('.js'));
    expect(compiled.length).toBeGreaterThan(50);
    const loading = compiled.filter((f) => readFileSync(f, 'utf8').includes('tencentcloud-sdk-nodejs'));
    expect(loading).toEqual([]);
  });

  it('simulator answers are not cast past the model check (`as never` / `as any` turn it off)', () => {
    const sources = files(join(root, 'src', 'simulator', 'actions')).filter((f) => f.endsWith('.ts'));
    const casts = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => `${file}:${i + 1}: ${line.trim()}`)
        .filter((line) => /\bas (never|any)\b/.test(line)),
    );
    expect(casts).toEqual([]);
  });

  it('the simulator imports nothing of the exporter (only the shared, types-only action table)', () => {
    const sources = files(join(root, 'src', 'simulator')).filter((f) => f.endsWith('.ts'));
    const outside = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)]
        .map((m) => join(file, '..', m[1]!))
        .filter((target) => !target.startsWith(join(root, 'src', 'simulator')))
        .filter((target) => !target.startsWith(join(root, 'src', 'api-models')))
        .map((target) => `${file} → ${target}`),
    );
    expect(outside).toEqual([]);
  });
});

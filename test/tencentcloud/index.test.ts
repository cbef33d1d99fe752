import * as api from '../../src/tencentcloud/index.js';

describe('public surface', () => {
  it.each([
    'TencentCloudClient',
    'closeAllPools',
    'signRequest',
    'resolveEndpoint',
    'SlidingWindowLimiter',
    'isRetryable',
    'describeAssetImageScanStatus',
    'describeAssetImageScanTask',
    'describeScanState',
    'describeBaselineStrategyList',
    'assumeRole',
    'assumeRoleWithWebIdentity',
    'parseFields',
    'TencentCloudError',
    'ApiError',
    'HttpStatusError',
    'NetworkError',
    'TimeoutError',
    'InvalidResponseError',
    'CredentialsError',
  ])('exports %s', (name) => {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the action specs', () => {
    expect(api.DESCRIBE_SCAN_STATE).toEqual({
      service: 'cwp',
      version: '2018-02-28',
      action: 'DescribeScanState',
    });
    expect(api.DESCRIBE_ASSET_IMAGE_SCAN_STATUS.service).toBe('tcss');
  });
});

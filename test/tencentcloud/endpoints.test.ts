import {
  EndpointConfigError,
  parseEndpointOverride,
  resolveEndpoint,
} from '../../src/tencentcloud/endpoints.js';

describe('resolveEndpoint', () => {
  it.each([
    ['tcss', {}, { origin: 'https://tcss.tencentcloudapi.com', path: '/', host: 'tcss.tencentcloudapi.com' }],
    // As the SDKs do: the region travels in X-TC-Region, the host stays fixed.
    [
      'cwp',
      { region: 'ap-guangzhou' },
      { origin: 'https://cwp.tencentcloudapi.com', path: '/', host: 'cwp.tencentcloudapi.com' },
    ],
    [
      'cwp',
      { international: true },
      { origin: 'https://cwp.intl.tencentcloudapi.com', path: '/', host: 'cwp.intl.tencentcloudapi.com' },
    ],
    [
      'cwp',
      { international: true, region: 'ap-singapore' },
      { origin: 'https://cwp.intl.tencentcloudapi.com', path: '/', host: 'cwp.intl.tencentcloudapi.com' },
    ],
    [
      'tcss',
      { endpoint: 'http://127.0.0.1:18080' },
      { origin: 'http://127.0.0.1:18080', path: '/', host: '127.0.0.1:18080' },
    ],
    [
      'sts',
      { endpoint: 'https://proxy.example.com/tc/api', region: 'x' },
      { origin: 'https://proxy.example.com', path: '/tc/api/', host: 'proxy.example.com' },
    ],
    [
      'cwp',
      { endpoint: 'https://proxy.example.com:443/' },
      { origin: 'https://proxy.example.com', path: '/', host: 'proxy.example.com' },
    ],
  ])('%s %j', (service, options, expected) => {
    expect(resolveEndpoint(service, options)).toEqual(expected);
  });

  it.each([
    ['ftp://x.example.com'],
    ['not a url'],
    ['http://user:pw@x.example.com'],
    ['http://x.example.com/?a=1'],
    ['http://x.example.com/#frag'],
  ])('rejects the override %s', (endpoint) => {
    expect(() => parseEndpointOverride(endpoint)).toThrow(EndpointConfigError);
  });

  it('never echoes a password from a rejected override', () => {
    expect(() => parseEndpointOverride('http://user:hunter2@x.example.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it.each([['ap guangzhou'], ['AP-x'], ['-x']])('rejects the region %j', (region) => {
    expect(() => resolveEndpoint('cwp', { region })).toThrow(EndpointConfigError);
  });

  it('rejects a malformed service name', () => {
    expect(() => resolveEndpoint('cwp.evil.com/x')).toThrow(EndpointConfigError);
  });
});

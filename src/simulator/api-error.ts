/**
 * A Tencent Cloud API error, answered as `{"Response":{"Error":{Code,Message},"RequestId"}}`
 * with HTTP 200. Thrown by handlers and by the request pipeline; never carries secrets.
 */
export class SimulatedApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatedApiError';
  }
}

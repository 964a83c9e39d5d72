'use strict';
// The console's only door to the server's state: real Kinesis JSON 1.1 calls to this server's own
// endpoint, so every answer and every refusal is the API's. The Authorization header has the SigV4
// shape the API requires; it is not a real signature (the console needs the server's default of
// unchecked signatures).
const Kinesis = (() => {
  class ApiError extends Error {
    constructor(type, message, status) {
      super(message);
      this.type = type;
      this.status = status;
    }
  }

  function amzDate(now) {
    return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  }

  async function call(operation, body) {
    const date = amzDate(new Date());
    const response = await fetch('/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'Kinesis_20131202.' + operation,
        'X-Amz-Date': date,
        'Authorization': 'AWS4-HMAC-SHA256 Credential=console/' + date.slice(0, 8) + '/us-east-1/kinesis/aws4_request, '
          + 'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' + '0'.repeat(64),
      },
      body: JSON.stringify(body || {}),
    });
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch (notJson) {
      throw new ApiError('HTTP ' + response.status, text, response.status);
    }
    if (!response.ok) {
      const type = String(json.__type || 'HTTP ' + response.status).replace(/^.*#/, '');
      throw new ApiError(type, json.message || json.Message || text, response.status);
    }
    return json;
  }

  return { call, ApiError };
})();

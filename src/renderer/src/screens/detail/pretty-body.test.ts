import { describe, expect, it } from 'vitest';
import { prettyBody } from './pretty-body';

describe('request and response bodies on the timeline', () => {
  it('indents the JSON body of a recorded request and keeps its method and URL line', () => {
    const recorded = 'POST https://ehr.example/Basic\n\n{"resourceType":"Basic","amount":{"value":125.5}}';
    expect(prettyBody(recorded)).toBe(
      'POST https://ehr.example/Basic\n\n{\n  "resourceType": "Basic",\n  "amount": {\n    "value": 125.5\n  }\n}',
    );
  });

  it('indents a JSON response, and leaves text that is not JSON as it came', () => {
    expect(prettyBody('{"id":"FT-1"}')).toBe('{\n  "id": "FT-1"\n}');
    expect(prettyBody('not found')).toBe('not found');
    expect(prettyBody('GET lookup external id 7001\n\nnot json')).toBe(
      'GET lookup external id 7001\n\nnot json',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/shared/sse';

describe('the Server-Sent Events parser', () => {
  it('ignores comments and heartbeats, and names default events "message"', () => {
    const parser = new SseParser();
    expect(parser.push(': connected\n\n: ping\n\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('joins multi-line data and accepts CRLF line ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: db.changed\r\ndata: {"a":\r\ndata: 1}\r\n\r\n')).toEqual([
      { event: 'db.changed', data: '{"a":\n1}' },
    ]);
  });

  it('yields the same messages however the stream is split into chunks', () => {
    const stream =
      'retry: 2000\n: connected\n\nevent: db.changed\ndata: {"tables":["notes"]}\n\nevent: engine.status\r\ndata: {}\r\n\r\n';
    const whole = new SseParser().push(stream);
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parser = new SseParser();
        const out = [];
        let start = 0;
        for (const point of [...points, stream.length]) {
          out.push(...parser.push(stream.slice(start, point)));
          start = point;
        }
        expect(out).toEqual(whole);
      }),
    );
  });
});

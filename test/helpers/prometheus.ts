/**
 * `/metrics` as Prometheus reads it: parsed by a text-format parser (parse-prometheus-text-format, a port of
 * the Python client's parser), never by the regular expressions of the code under test.
 */
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

export interface Scrape {
  readonly families: ReadonlyMap<string, ParsedFamily>;
  /** The sample of `name` whose labels include `labels`; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

export function parseScrape(text: string): Scrape {
  const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  return {
    families,
    value(name, labels = {}) {
      const sample = families
        .get(name)
        ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      return sample?.value === undefined ? undefined : Number(sample.value);
    },
  };
}

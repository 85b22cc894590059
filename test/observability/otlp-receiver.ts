import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as an OTLP exporter sent it, flattened: which service, where in which trace, what. */
export interface CapturedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
  /** Start and end, ms since the epoch. */
  startMs: number;
  endMs: number;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpKeyValue[];
  links?: { traceId: string; spanId: string }[];
}
interface ExportTraceServiceRequest {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

function valueOf(value: OtlpValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue ?? '';
}

function attributesOf(list: OtlpKeyValue[] = []): Record<string, string | number | boolean> {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An OTLP/HTTP receiver in the test's process (OTEL_EXPORTER_OTLP_PROTOCOL=http/json): the apps
 * export to it as they would to Jaeger or a collector, and the test reads what arrived.
 */
export class OtlpReceiver {
  readonly spans: CapturedSpan[] = [];
  /** Spans received and kept. */
  received = 0;
  /** Export requests and their bytes, whatever the encoding (the benchmark's exporters send protobuf). */
  requests = 0;
  bytes = 0;
  private server?: Server;

  /** keep: false only counts requests and bytes, in any encoding (the benchmark: the receiver's own CPU stays small). */
  constructor(private readonly options: { keep: boolean } = { keep: true }) {}

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('receiver not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        this.requests++;
        this.bytes += Buffer.byteLength(body);
        if (!this.options.keep) {
          response.writeHead(200).end();
          return;
        }
        if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').includes('application/json')) {
          response.writeHead(415).end();
          return;
        }
        if (request.url === '/v1/traces') this.record(JSON.parse(body) as ExportTraceServiceRequest);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  private record(request: ExportTraceServiceRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.received++;
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
            links: span.links ?? [],
            startMs: Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000,
            endMs: Number(BigInt(span.endTimeUnixNano) / 1000n) / 1000,
          });
        }
      }
    }
  }

  /** Spans of one trace, as they have arrived so far. */
  trace(traceId: string): CapturedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** A trace as an indented tree of `service: span name`, children in start order (for README). */
  static tree(spans: CapturedSpan[]): string {
    const ids = new Set(spans.map((span) => span.spanId));
    const first = Math.min(...spans.map((span) => span.startMs));
    const byStart = [...spans].sort((a, b) => a.startMs - b.startMs);
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number): void => {
      for (const span of byStart.filter((candidate) => (parent === undefined ? !candidate.parentSpanId || !ids.has(candidate.parentSpanId) : candidate.parentSpanId === parent))) {
        const at = `+${(span.startMs - first).toFixed(1)} ms, ${(span.endMs - span.startMs).toFixed(1)} ms`;
        lines.push(`${'  '.repeat(depth)}${span.service}: ${span.name} (${at})`);
        walk(span.spanId, depth + 1);
      }
    };
    walk(undefined, 0);
    return lines.join('\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

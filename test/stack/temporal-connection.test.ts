/**
 * The worker's connection compresses its requests to a cluster (the SDK's default) and not to the
 * embedded server. Seen on the wire: the SDK's real connection talks to the real embedded server through
 * an HTTP/2 proxy that records each request's `grpc-encoding` header and its first message's
 * compressed flag (gRPC's length-prefixed framing: byte 0 is 1 for a compressed message).
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { startDevServer, type DevServer } from '../../devserver';
import { connectWorker, type TemporalFrontend } from '../../worker/temporal-connection';

interface SeenRequest {
  path: string;
  encoding: string | undefined;
  compressedFlag: number | undefined;
}

interface RecordingProxy {
  address: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

async function recordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = http2.connect(`http://${target}`);
  const requests: SeenRequest[] = [];
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const seen: SeenRequest = {
      path: String(headers[':path']),
      encoding: headers['grpc-encoding'] as string | undefined,
      compressedFlag: undefined,
    };
    requests.push(seen);
    stream.on('data', (chunk: Buffer) => {
      if (seen.compressedFlag === undefined) seen.compressedFlag = chunk[0];
    });
    const forwarded = upstream.request({ ...headers, ':authority': target });
    stream.pipe(forwarded);
    let trailers: http2.OutgoingHttpHeaders = {};
    forwarded.on('trailers', (received: http2.IncomingHttpHeaders) => {
      trailers = { ...received };
    });
    forwarded.on('response', (responseHeaders) => {
      stream.respond({ ...responseHeaders }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      forwarded.pipe(stream);
    });
    forwarded.on('error', () => stream.destroy());
    stream.on('error', () => forwarded.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      upstream.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

async function requestsMade(frontend: TemporalFrontend): Promise<SeenRequest[]> {
  const proxy = await recordingProxy(server.address);
  try {
    const connection = await connectWorker(proxy.address, frontend);
    try {
      await connection.workflowService.describeNamespace({ namespace: 'default' });
    } finally {
      await connection.close();
    }
    return proxy.requests.filter((request) => request.compressedFlag !== undefined);
  } finally {
    await proxy.close();
  }
}

it('compresses every request to a cluster, as the SDK does by default', async () => {
  const requests = await requestsMade('cluster');
  expect(requests.map((request) => request.path)).toContain(
    '/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace',
  );
  for (const request of requests) expect(request).toMatchObject({ encoding: 'gzip', compressedFlag: 1 });
});

it('sends the embedded server its requests uncompressed', async () => {
  const requests = await requestsMade('embedded');
  expect(requests.map((request) => request.path)).toContain(
    '/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace',
  );
  for (const request of requests) expect(request.compressedFlag).toBe(0);
  expect(requests.filter((request) => request.encoding === 'gzip')).toEqual([]);
});

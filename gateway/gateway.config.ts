// Hive Gateway configuration. Loaded automatically by `hive-gateway` from the working
// directory (gateway/). See README.md for how to start it and which env vars it reads.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  defaultExecutionRequestSerializer,
  defineConfig,
  useHmacUpstreamSignature,
  type GatewayPlugin,
  type TransportEntryAdditions,
} from '@graphql-hive/gateway';
import { trace } from '@graphql-hive/gateway/opentelemetry/api';
import { openTelemetrySetup } from '@graphql-hive/gateway/opentelemetry/setup';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';

const HERE = dirname(fileURLToPath(import.meta.url));
const env = process.env;

function intEnv(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

const isDevelopment = (env.GATEWAY_ENV ?? 'production') === 'development';

// In Kubernetes the supergraph comes from a ConfigMap mounted somewhere else.
// (Do not pass a supergraph path on the command line: it would override this.)
const supergraphPath = env.SUPERGRAPH_PATH || './supergraph.graphql';

const subgraphTimeoutMs = intEnv('GATEWAY_SUBGRAPH_TIMEOUT_MS', 5000);
const subgraphRetries = intEnv('GATEWAY_SUBGRAPH_RETRIES', 1);
const maxDepth = intEnv('GATEWAY_MAX_DEPTH', 12);
const maxTokens = intEnv('GATEWAY_MAX_TOKENS', 2000);
const maxAliases = intEnv('GATEWAY_MAX_ALIASES', 15);
const maxBodyBytes = intEnv('GATEWAY_MAX_BODY_BYTES', 100_000);

function requiredEnv(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set (gateway/README.md lists the variables)`);
  return value;
}

// ---------------------------------------------------------------------------------------
// Identity (docs/security.md). Every request to /graphql needs a JWT signed by a key of the
// identity provider's key set (JWT_JWKS_FILE, a JWKS document mounted from a Secret or
// written by `make run`), issued by JWT_ISSUER for JWT_AUDIENCE, not expired (30 s of clock
// skew allowed). Its claims reach the subgraphs in the signed request body (below); nothing
// a client sends in headers about who it is is forwarded.
// ---------------------------------------------------------------------------------------
const jwtIssuer = requiredEnv('JWT_ISSUER');
const jwtAudience = requiredEnv('JWT_AUDIENCE');
const jwks = JSON.parse(readFileSync(requiredEnv('JWT_JWKS_FILE'), 'utf8')) as {
  keys: (JsonWebKey & { kid?: string })[];
};
const publicKeyByKid = new Map<string, string>(
  jwks.keys
    .filter((k) => typeof k.kid === 'string')
    .map((k) => [k.kid as string, createPublicKey({ key: k, format: 'jwk' }).export({ format: 'pem', type: 'spki' }) as string]),
);
// A token naming a key that is not in the set must fail verification (401), not make the
// key lookup fail (which the JWT plugin reports as a 500): it gets a key nobody holds.
const NOBODYS_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
  format: 'pem',
  type: 'spki',
}) as string;

// The secret with which every request to a subgraph is signed (servicekit/trust.py checks
// it): HMAC-SHA256 over the canonical JSON of the query, its variables and the verified
// claims, so that a request that bypasses the gateway, or whose claims were changed, is
// refused by the subgraph.
// From GATEWAY_HMAC_SECRET, or the file GATEWAY_HMAC_SECRET_FILE names (a mounted Secret).
const gatewaySecret = env.GATEWAY_HMAC_SECRET_FILE
  ? readFileSync(env.GATEWAY_HMAC_SECRET_FILE, 'utf8').trim()
  : requiredEnv('GATEWAY_HMAC_SECRET');
if (gatewaySecret.length < 32) throw new Error('the gateway HMAC secret must be at least 32 characters');

// Canonical JSON: JSON.stringify with object keys sorted, no whitespace (the subgraphs
// compute the same bytes).
function canonical(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return (
      '{' +
      Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => JSON.stringify(k) + ':' + canonical(record[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------
// What a browser on another site may do: nothing, unless its origin is listed in
// GATEWAY_CORS_ORIGINS (comma separated). CORS headers alone do not stop a request from
// running, so a listed-origin check refuses the others before they execute; and only POST
// with application/json is accepted, which no HTML form can send without a preflight.
// ---------------------------------------------------------------------------------------
const corsOrigins = (env.GATEWAY_CORS_ORIGINS ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);

function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status, headers });
}

const requestGuard: GatewayPlugin = {
  onRequest({ request, url, endResponse }) {
    const origin = request.headers.get('origin');
    if (origin !== null && !corsOrigins.includes(origin)) {
      endResponse(refusal(403, 'FORBIDDEN_ORIGIN', 'Requests from this origin are not allowed.'));
      return;
    }
    if (url.pathname !== '/graphql' || request.method === 'OPTIONS') return;
    if (request.method !== 'POST') {
      // GET /graphql serves the development page only (rootAndAssets and graphiql).
      const page = isDevelopment && request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
      if (!page) endResponse(refusal(405, 'METHOD_NOT_ALLOWED', 'Only POST is allowed.', { allow: 'POST' }));
      return;
    }
    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== 'application/json') {
      endResponse(refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json.'));
    }
  },
  // The body's size is counted as it arrives: a chunked body has no Content-Length.
  onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
    const tooLarge = () =>
      createGraphQLError(`The request body is over ${maxBodyBytes} bytes.`, {
        extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
      });
    const declared = request.headers.get('content-length');
    if (declared !== null && !(Number(declared) <= maxBodyBytes)) throw tooLarge();
    if (!requestParser || !request.body) return;
    const parse = requestParser;
    setRequestParser(async (req) => {
      const reader = req.body!.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBodyBytes) {
          await reader.cancel();
          throw tooLarge();
        }
        chunks.push(value);
      }
      return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) }));
    });
  },
};

// Query limits (graphql-armor). The armor plugins throw a GraphQLError without a code; these
// handlers replace it with one that has a stable extensions.code, e.g.
//   {"message":"Query depth limit of 12 exceeded, found 14.","extensions":{"code":"QUERY_DEPTH_LIMIT_EXCEEDED"}}
function rejectWith(code: string) {
  return (_ctx: unknown, err: GraphQLError): void => {
    throw new GraphQLError(err.message.replace(/^Syntax Error: /, ''), { extensions: { code } });
  };
}

// ---------------------------------------------------------------------------------------
// Error masking. A subgraph that is down, times out or answers with garbage must give the
// client partial data plus an error with a stable code, not an HTTP 5xx and not the gateway's
// internal details: by default such errors carry the subgraph URL and the request body with
// its variables (personal data) in extensions.request, and a timeout turns the response into
// HTTP 504 even when other subgraphs answered. Errors that a subgraph itself returned (with its
// own code, e.g. INVALID_RESIDENT_ID) pass through unchanged apart from those extensions.
// Everything else is masked as "Unexpected error." (graphql-yoga's default).
// ---------------------------------------------------------------------------------------
const TRANSPORT_FAILURE_CODES: Record<string, string> = {
  GATEWAY_TIMEOUT: 'SUBGRAPH_TIMEOUT',
  SUBREQUEST_HTTP_ERROR: 'SUBGRAPH_UNAVAILABLE',
  RESPONSE_VALIDATION_FAILED: 'SUBGRAPH_UNAVAILABLE',
};
const INTERNAL_EXTENSIONS = new Set(['request', 'response', 'http', 'unexpected', 'originalError']);

// A GraphQL error that a subgraph sent (as opposed to one wrapping a network/JS error).
function isOriginalGraphQLError(error: unknown): boolean {
  let current: unknown = error;
  while (current instanceof GraphQLError) {
    if (current.originalError == null) return true;
    current = current.originalError;
  }
  return false;
}

function subgraphFailure(error: unknown): { code: string; serviceName?: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current instanceof GraphQLError) {
      const code = current.extensions?.code;
      if (typeof code === 'string' && code in TRANSPORT_FAILURE_CODES) {
        const serviceName = current.extensions?.serviceName;
        return {
          code: TRANSPORT_FAILURE_CODES[code],
          serviceName: typeof serviceName === 'string' ? serviceName : undefined,
        };
      }
    }
    current = (current as Error & { originalError?: unknown }).originalError ?? (current as Error).cause;
  }
  return null;
}

function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const failure = subgraphFailure(error);
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (failure) {
    const who = failure.serviceName ? `the ${failure.serviceName} service` : 'a service';
    const text =
      failure.code === 'SUBGRAPH_TIMEOUT' ? `${who} did not answer in time` : `${who} is unavailable`;
    return new GraphQLError(text.charAt(0).toUpperCase() + text.slice(1) + '.', {
      path,
      extensions: { code: failure.code, ...(failure.serviceName ? { serviceName: failure.serviceName } : {}) },
    });
  }
  // The JWT plugin's refusals (401 for a missing, expired or forged token, 400 for one that
  // is not a JWT) carry no code of their own.
  if (error instanceof GraphQLError && !error.extensions?.code) {
    const status = (error.extensions?.http as { status?: number } | undefined)?.status;
    if (status === 401 || status === 400) {
      return new GraphQLError(status === 401 ? 'A valid token is required.' : error.message, {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
  }
  const masked = yogaMaskError(error, message, isDev);
  if (masked instanceof GraphQLError && masked === error) {
    const ext = masked.extensions ?? {};
    if (Object.keys(ext).some((k) => INTERNAL_EXTENSIONS.has(k) && k !== 'http')) {
      const kept = Object.fromEntries(Object.entries(ext).filter(([k]) => !INTERNAL_EXTENSIONS.has(k) || k === 'http'));
      return new GraphQLError(masked.message, {
        nodes: masked.nodes,
        source: masked.source,
        positions: masked.positions,
        path: masked.path,
        extensions: kept,
      });
    }
  }
  return masked;
}

// ---------------------------------------------------------------------------------------
// Subgraph URL overrides: SUBGRAPH_URL_<NAME_UPPER_SNAKE>, e.g. SUBGRAPH_URL_SOCIAL_SECURITY
// for subgraph "social-security". The composed supergraph carries the local development URLs
// (from subgraphs.json); in Kubernetes each is replaced by its Service URL.
// Subgraph names are taken from the supergraph (join__graph(name: ...)) and subgraphs.json.
// ---------------------------------------------------------------------------------------
export function subgraphUrlEnvName(subgraph: string): string {
  return 'SUBGRAPH_URL_' + subgraph.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

function knownSubgraphNames(): Set<string> {
  const names = new Set<string>();
  const supergraphFile = resolve(process.cwd(), supergraphPath);
  if (existsSync(supergraphFile)) {
    const sdl = readFileSync(supergraphFile, 'utf8');
    for (const m of sdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)) names.add(m[1]);
  }
  const listFile = resolve(HERE, 'subgraphs.json');
  if (existsSync(listFile)) {
    for (const s of JSON.parse(readFileSync(listFile, 'utf8')) as { name: string }[]) {
      names.add(s.name);
    }
  }
  return names;
}

function subgraphUrlOverrides(): TransportEntryAdditions {
  const entries: TransportEntryAdditions = {};
  const used = new Set<string>();
  for (const name of knownSubgraphNames()) {
    const varName = subgraphUrlEnvName(name);
    const url = env[varName];
    if (url) {
      entries[name] = { location: url };
      used.add(varName);
    }
  }
  for (const key of Object.keys(env)) {
    if (key.startsWith('SUBGRAPH_URL_') && !used.has(key)) {
      process.stderr.write(`gateway.config: ${key} is set but matches no subgraph; ignored\n`);
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------
// OpenTelemetry: on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. OTLP over HTTP; the exporter
// reads the standard OTEL_EXPORTER_OTLP_* variables itself (it appends /v1/traces to
// OTEL_EXPORTER_OTLP_ENDPOINT). Propagation is W3C Trace Context + Baggage (the default), so
// the subgraph requests carry the gateway's traceparent and the subgraphs continue the trace.
// Do not also use the CLI's --opentelemetry flag / OPENTELEMETRY env: it would set up twice.
// ---------------------------------------------------------------------------------------
const otelEnabled = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
if (otelEnabled) {
  openTelemetrySetup({
    contextManager: new AsyncLocalStorageContextManager(),
    // service.name comes from OTEL_SERVICE_NAME, default "gateway".
    resource: { serviceName: env.OTEL_SERVICE_NAME || 'gateway' },
    traces: { exporter: new OTLPTraceExporter() },
  });
}

// Export the spans still buffered when the gateway stops (SIGTERM). The plugin's own
// flushOnDispose calls forceFlush on the global ProxyTracerProvider, which has none, so
// without this the last batch of spans is lost on every shutdown.
const flushTracesOnDispose: GatewayPlugin = {
  onDispose() {
    const proxy = trace.getTracerProvider() as { getDelegate?: () => object };
    const provider = (proxy.getDelegate?.() ?? proxy) as { forceFlush?: () => Promise<void> };
    return provider.forceFlush?.();
  },
};

// ---------------------------------------------------------------------------------------
// Headers forwarded from the client to every subgraph: only these. Identity travels as the
// verified JWT claims inside the signed body, never as headers (a client's x-caller-* or
// Authorization header goes no further than here).
// traceparent/tracestate are forwarded as-is only while tracing is off; with tracing on the
// OpenTelemetry plugin injects the gateway's own span context instead (a child of the client's).
// ---------------------------------------------------------------------------------------
// Idempotency-Key (IETF httpapi draft): a client's retry of a mutation carries the same key,
// and the subgraph answers the first result instead of writing twice (docs/adr/0006).
const PROBE_PATHS = new Set(['/healthcheck', '/readiness']);
const REQUEST_HEADERS = ['idempotency-key'];
const TRACE_HEADERS = ['traceparent', 'tracestate'];
const forwardedHeaders = [
  ...(otelEnabled ? [] : TRACE_HEADERS),
  ...REQUEST_HEADERS,
];

// ---------------------------------------------------------------------------------------
// Development page and root. Hive Gateway's default GraphiQL (Hive Laboratory, from
// @graphql-hive/render-laboratory) inlines its whole bundle and four editor workers into
// the HTML: about 21 MB on every page load. renderGraphiQL below sends a small page that
// loads the same code from /graphiql-assets/, served from the gateway's own node_modules
// (nothing from a CDN: the machines are offline) and cached by the browser.
// ---------------------------------------------------------------------------------------
const ASSETS = '/graphiql-assets/';
type LaboratoryAssets = Record<string, string>;
let laboratory: Promise<LaboratoryAssets> | undefined;
function laboratoryAssets(): Promise<LaboratoryAssets> {
  // Loaded on first use only: 21 MB of strings that production never needs.
  // @graphql-hive/render-laboratory is the gateway CLI's own dependency (the default
  // renderGraphiQL): the same code, pinned by package-lock.json.
  laboratory ??= import('@graphql-hive/render-laboratory/laboratory').then(
    (m: LaboratoryAssets) => ({
      'laboratory.js': m.js,
      'editor.worker.js': m.editorWorkerService,
      'typescript.worker.js': m.typescriptWorker,
      'json.worker.js': m.jsonWorker,
      'graphql.worker.js': m.graphqlWorker,
    }),
  );
  return laboratory;
}

function renderLightLaboratory(opts?: { title?: string }): string {
  const props = JSON.stringify({ enableDocs: true, defaultSettings: { fetch: { credentials: 'same-origin' } } });
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><title>${opts?.title || 'GraphiQL'}</title>
<style>html, body, #root { height: 100%; } body { margin: 0; }</style></head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div>
<script>
  const workers = {
    editorWorkerService: '${ASSETS}editor.worker.js',
    typescript: '${ASSETS}typescript.worker.js',
    json: '${ASSETS}json.worker.js',
    graphql: '${ASSETS}graphql.worker.js',
  };
  self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] };
</script>
<script src="${ASSETS}laboratory.js"></script>
<script>HiveLaboratory.renderLaboratory(document.querySelector('#root'), ${props});</script>
</body>
</html>`;
}

// GET / answers in every environment: a newcomer (or a probe configured wrongly) learns
// where things are instead of getting a 404.
const rootDescription = {
  service: 'gateway',
  graphql: '/graphql',
  healthcheck: '/healthcheck',
  readiness: '/readiness',
  ...(isDevelopment ? { graphiql: '/graphql (open it in a browser)' } : {}),
};

const rootAndAssets: GatewayPlugin = {
  async onRequest({ request, url, endResponse, fetchAPI }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (url.pathname === '/') {
      if ((request.headers.get('accept') ?? '').includes('text/html')) {
        const links = Object.entries(rootDescription)
          .filter(([what]) => what !== 'service')
          .map(([what, where]) => `<li>${what}: <a href="${where.split(' ')[0]}">${where}</a></li>`)
          .join('');
        endResponse(new fetchAPI.Response(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gateway</title></head>` +
            `<body><h1>GraphQL gateway</h1><ul>${links}</ul></body></html>`,
          { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
        ));
      } else {
        endResponse(fetchAPI.Response.json(rootDescription));
      }
      return;
    }
    if (isDevelopment && url.pathname.startsWith(ASSETS)) {
      const body = (await laboratoryAssets())[url.pathname.slice(ASSETS.length)];
      endResponse(body === undefined
        ? new fetchAPI.Response('not found', { status: 404 })
        : new fetchAPI.Response(body, {
            status: 200,
            headers: {
              'content-type': 'text/javascript; charset=utf-8',
              // The assets change only with package-lock.json: a day in the browser's cache.
              'cache-control': 'public, max-age=86400',
            },
          }));
    }
  },
};

export const gatewayConfig = defineConfig({
  supergraph: supergraphPath,
  // Rust query planner (Hive Router runtime). Set here rather than only with
  // --hive-router-runtime: the CLI flag silently falls back to the JS planner if the
  // package cannot be loaded, this import fails loudly instead.
  unifiedGraphHandler,

  // Loopback only unless the launcher says otherwise (--host wins over this).
  host: '127.0.0.1',
  port: 4000,

  graphiql: isDevelopment ? { title: 'Fujian citizenization — GraphiQL' } : false,
  renderGraphiQL: renderLightLaboratory,
  // Our own root page (rootAndAssets) answers GET / in every environment.
  landingPage: false,
  // Built in; listed to document them. /healthcheck: the process is up.
  // /readiness: the supergraph is loaded and the gateway can execute operations.
  healthCheckEndpoint: '/healthcheck',
  readinessCheckEndpoint: '/readiness',

  transportEntries: subgraphUrlOverrides(),

  maskedErrors: { maskError },

  upstreamTimeout: subgraphTimeoutMs,
  // Retry queries (not mutations) GATEWAY_SUBGRAPH_RETRIES times, 200 ms apart, on connection
  // errors, 5xx and 429. A timed-out attempt is retried too (the gateway does that without
  // asking shouldRetry), so the worst case for one subgraph call is
  // (retries + 1) x GATEWAY_SUBGRAPH_TIMEOUT_MS + 0.25 s, about 10 s with the defaults.
  upstreamRetry: ({ executionRequest }) => {
    if (subgraphRetries === 0) return undefined;
    const op = executionRequest.document.definitions.find(
      (d) =>
        d.kind === 'OperationDefinition' &&
        (!executionRequest.operationName || d.name?.value === executionRequest.operationName),
    );
    if (op && 'operation' in op && op.operation === 'mutation') return undefined;
    return {
      maxRetries: subgraphRetries,
      retryDelay: 200,
      shouldRetry: ({ response, executionResult }) => {
        if (response) {
          // Never sit on a long Retry-After from a busy subgraph: fail fast instead.
          const retryAfter = response.headers.get('retry-after');
          if (retryAfter !== null && !(Number(retryAfter) <= 1)) return false;
          if (response.status >= 500 || response.status === 429) return true;
        }
        if (!executionResult) return true;
        if (Symbol.asyncIterator in executionResult) return false;
        return (executionResult.errors ?? []).some((e) => !isOriginalGraphQLError(e));
      },
    };
  },

  blockFieldSuggestions: !isDevelopment,
  // Introspection only in development: in production the schema is the committed SDL.
  disableIntrospection: isDevelopment ? undefined : {},
  // CORS for the listed origins only (none by default); never with credentials (tokens
  // travel in the Authorization header, not in cookies).
  cors:
    corsOrigins.length === 0
      ? false
      : { origin: corsOrigins, methods: ['POST'], allowedHeaders: ['content-type', 'authorization', 'idempotency-key'], credentials: false },

  jwt: {
    signingKeyProviders: [(kid) => (kid && publicKeyByKid.get(kid)) || NOBODYS_KEY],
    tokenVerification: { issuer: jwtIssuer, audience: jwtAudience, algorithms: ['RS256'], clockTolerance: 30 },
    reject: { missingToken: true, invalidToken: true },
    forward: { payload: true, token: false, extensionsFieldName: 'jwt' },
  },

  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = {};
      for (const name of forwardedHeaders) {
        const value = request.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return headers;
    },
  },

  openTelemetry: otelEnabled
    ? {
        inheritContext: true, // continue the client's W3C traceparent
        propagateContext: true, // send the gateway's span context to the subgraphs
        traces: {
          spans: {
            // no traces for probes
            http: ({ request }) => !PROBE_PATHS.has(new URL(request.url).pathname),
          },
        },
      }
    : undefined,

  plugins: () => [
    requestGuard,
    rootAndAssets,
    // After the JWT plugin (config.plugins run after the built-in ones), so the verified
    // claims are in extensions.jwt when the request is signed.
    useHmacUpstreamSignature({
      secret: gatewaySecret,
      serializeExecutionRequest: (request) =>
        canonical({
          ...JSON.parse(defaultExecutionRequestSerializer(request) as string),
          jwt: request.extensions?.jwt,
        }),
    }),
    ...(otelEnabled ? [flushTracesOnDispose] : []),
    maxTokensPlugin({ n: maxTokens, onReject: [rejectWith('QUERY_TOKEN_LIMIT_EXCEEDED')] }),
    maxDepthPlugin({ n: maxDepth, onReject: [rejectWith('QUERY_DEPTH_LIMIT_EXCEEDED')] }),
    maxAliasesPlugin({ n: maxAliases, onReject: [rejectWith('QUERY_ALIAS_LIMIT_EXCEEDED')] }),
    // In development the query plan can be seen in the response extensions by sending
    // the header `x-expose-query-plan: true`.
    // (The cast only bridges two copies of @graphql-hive/logger's type declarations.)
    useQueryPlan({
      expose: (request: Request) =>
        isDevelopment && request.headers.get('x-expose-query-plan') === 'true',
    }) as unknown as GatewayPlugin,
  ],
});

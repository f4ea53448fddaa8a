#!/usr/bin/env node
// Conformance: the official @google/genai SDK (pinned in package-lock.json) against gemini-emulator.
//
//   node sdk_flows.mjs <path/to/gemini-emulator> [--dump <requests.json>] [--keep]
//
// Starts its own emulator (--port 0 --api-key <test key>), then runs every Files and Batch flow once
// with apiVersion 'v1beta' and once with the SDK default ('v1'). Every SDK HTTP call is recorded
// client-side (httpOptions.fetch) and compared with the emulator's own log (GET /emulator/requests),
// so the emulator is proven to have seen exactly what the SDK sent. --dump writes the emulator's view
// of those requests in the stable format documented in README.md. Exit code 0 = all checks passed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// ---------------------------------------------------------------------------------------------
// Arguments and environment

const args = process.argv.slice(2);
let emulatorPath;
let dumpPath;
let keepWorkdir = false;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--dump') dumpPath = args[++i];
  else if (args[i] === '--keep') keepWorkdir = true;
  else if (!emulatorPath) emulatorPath = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (!emulatorPath) usage('missing emulator path');
if (args.includes('--dump') && !dumpPath) usage('--dump needs a path');

function usage(msg) {
  console.error(`sdk_flows: ${msg}\nusage: node sdk_flows.mjs <gemini-emulator> [--dump <file.json>] [--keep]`);
  process.exit(2);
}
try {
  statSync(emulatorPath);
} catch {
  usage(`emulator not found at ${emulatorPath}`);
}

// The SDK reads these at construction time; a developer's shell must not steer the test.
for (const name of ['GOOGLE_GENAI_API_VERSION', 'GOOGLE_GEMINI_BASE_URL', 'GOOGLE_VERTEX_BASE_URL',
  'GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_USE_ENTERPRISE', 'GOOGLE_API_KEY', 'GEMINI_API_KEY',
  'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION']) {
  delete process.env[name];
}
const { GoogleGenAI, ApiError } = await import('@google/genai');
const sdkVersion = JSON.parse(readFileSync(new URL('./node_modules/@google/genai/package.json', import.meta.url)))
  .version;
// The pin of the package.json beside this script (the main pin, or an older one in sdk-<version>/).
const pinnedVersion = JSON.parse(readFileSync(new URL('./package.json', import.meta.url))).dependencies['@google/genai'];

const API_KEY = 'conformance-test-key-7f3a';
const MODEL = 'gemini-3.5-flash';
const CHUNK = 8 * 1024 * 1024; // the SDK's MAX_CHUNK_SIZE
const workdir = mkdtempSync(join(tmpdir(), 'bb-conformance-sdk-'));

// ---------------------------------------------------------------------------------------------
// Tiny test harness: numbered steps, first failure stops the run with context.

let stepNo = 0;
let passed = 0;
let emulator;
let currentStep = '';

async function step(name, fn) {
  currentStep = name;
  ++stepNo;
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    await fail(e);
  }
  ++passed;
  console.log(`ok ${stepNo} - ${name} (${Date.now() - t0} ms)`);
}

async function fail(e) {
  console.log(`not ok ${stepNo} - ${currentStep}`);
  console.error(`\nFAILED: ${currentStep}`);
  if (e instanceof assert.AssertionError) {
    console.error(e.message);
  } else {
    console.error(e?.stack ?? String(e));
    if (e instanceof ApiError) console.error(`ApiError status=${e.status}`);
  }
  const last = sdkCalls.slice(-3);
  if (last.length) {
    console.error('\nLast SDK requests (client side):');
    for (const c of last) {
      console.error(`  ${c.method} ${c.url.pathname}${c.url.search} -> ${c.status ?? '?'} ${c.responseText?.slice(0, 300) ?? ''}`);
    }
  }
  if (emulator) {
    console.error(`\nemulator stderr (tail):\n${emulator.stderrTail().trimEnd() || '(empty)'}`);
  }
  await shutdown();
  console.error(`\nsdk_flows: ${passed} step(s) passed before the failure; workdir ${workdir}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Emulator process

async function startEmulator() {
  const child = spawn(emulatorPath, ['--host', '127.0.0.1', '--port', '0', '--api-key', API_KEY],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const exited = once(child, 'exit').then(([code, sig]) => `emulator exited early (code ${code}, signal ${sig})`);
  const spawnError = once(child, 'error').then(([e]) => `cannot start ${emulatorPath}: ${e.message}`);
  const lines = createInterface({ input: child.stdout });
  const listening = new Promise((resolve) => {
    lines.on('line', (line) => {
      const m = /^gemini-emulator listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve('no "listening on" line within 120 s'), 120000).unref());
  const result = await Promise.race([listening, exited, spawnError, timeout]);
  if (!result.startsWith('http://')) {
    child.kill('SIGTERM');
    throw new Error(`${result}\nstderr: ${stderr}`);
  }
  return { child, baseUrl: result, stderrTail: () => stderr };
}

// SIGTERM, then SIGKILL after 60 s (only a hung emulator takes that long); resolves to {code, signal}.
async function shutdown() {
  if (!emulator) return undefined;
  const { child } = emulator;
  emulator = undefined;
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const gone = once(child, 'exit');
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 60000);
  const [code, signal] = await gone;
  clearTimeout(t);
  return { code, signal };
}

// Control API (no key), never through the SDK's recording fetch.
async function control(method, path, body) {
  const res = await fetch(`${emulator.baseUrl}/emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `control ${method} /emulator/${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

const advanceClock = (seconds) => control('POST', 'clock', { advanceSeconds: seconds });

// ---------------------------------------------------------------------------------------------
// Client-side recording of everything the SDK sends (httpOptions.fetch is public SDK API).

const sdkCalls = [];

async function recordingFetch(input, init = {}) {
  const url = new URL(typeof input === 'string' ? input : input.url ?? String(input));
  const headers = {};
  for (const [k, v] of new Headers(init.headers)) headers[k.toLowerCase()] = v;
  const call = { method: (init.method ?? 'GET').toUpperCase(), url, headers, op: currentOp };
  const body = init.body;
  if (body == null) call.body = { kind: 'none', size: 0 };
  else if (typeof body === 'string') call.body = { kind: 'text', text: body, size: Buffer.byteLength(body) };
  else if (body instanceof Blob) call.body = { kind: 'binary', size: body.size, sha256: await blobSha256(body) };
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    const buf = Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : body);
    call.body = { kind: 'binary', size: buf.length, sha256: sha256Hex(buf) };
  } else call.body = { kind: 'other', size: -1 };
  sdkCalls.push(call);
  const response = await fetch(input, init);
  call.status = response.status;
  const type = response.headers.get('content-type') ?? '';
  call.responseHeaders = Object.fromEntries(response.headers);
  if (type.includes('json')) {
    call.responseText = await response.clone().text();
  }
  return response;
}

async function blobSha256(blob) {
  return sha256Hex(Buffer.from(await blob.arrayBuffer()));
}

function sha256Hex(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

// What the real API reports: base64 of the lowercase hex digest (protocol.md §2.4).
function expectedSha256Hash(buf) {
  return Buffer.from(sha256Hex(buf), 'ascii').toString('base64');
}

let currentOp = '';
const wireEntries = []; // [{op, sdk: call, emu: normalizedLogEntry}]

// Runs `fn` as one named SDK operation: afterwards every SDK request made inside it must appear, in
// order, in the emulator's request log, with the same method, path, query, explicit headers and body.
async function op(name, fn) {
  currentOp = name;
  const before = sdkCalls.length;
  await requestLog(); // skips anything logged before this operation
  let result;
  let error;
  try {
    result = await fn();
  } catch (e) {
    error = e;
  }
  currentOp = '';
  const calls = sdkCalls.slice(before);
  const fresh = await requestLog();
  matchWire(name, calls, fresh);
  if (error) throw error;
  return result;
}

// --- emulator request log, tolerant of the exact JSON layout ----------------------------------

// The API requests the emulator logged since the previous call (GET /emulator/requests?since=<seq>:
// {"requests":[{seq, method, path, query, headers, hasApiKeyHeader, hasApiKeyQuery, bodyBytes, body?}]}).
let logSeq = 0;
async function requestLog() {
  const raw = await control('GET', `requests?since=${logSeq}`);
  const list = raw.requests;
  assert.ok(Array.isArray(list), `GET /emulator/requests: expected {"requests":[..]}, got ${JSON.stringify(raw).slice(0, 300)}`);
  const entries = list.map(normalizeLogEntry);
  for (const e of entries) {
    assert.equal(typeof e.seq, 'number', `emulator log entry without a numeric seq: ${JSON.stringify(e.raw).slice(0, 300)}`);
    assert.ok(e.seq > logSeq, `emulator log returned seq ${e.seq} for since=${logSeq}`);
    logSeq = e.seq;
  }
  return entries;
}

function normalizeLogEntry(e) {
  const seq = e.seq ?? e.id ?? e.index;
  let path = e.path ?? '';
  let query = {};
  const rawQuery = e.query ?? e.rawQuery ?? '';
  if (typeof rawQuery === 'string') {
    // Logged fully decoded ("pageSize=2&pageToken=..."): split without decoding again, so a '+'
    // in a token stays a '+'.
    for (const part of rawQuery.replace(/^\?/, '').split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      query[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? '' : part.slice(eq + 1);
    }
  } else if (rawQuery && typeof rawQuery === 'object') {
    for (const [k, v] of Object.entries(rawQuery)) query[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  if (path.includes('?')) {
    const u = new URL(path, 'http://x');
    path = u.pathname;
    for (const [k, v] of u.searchParams) query[k] = v;
  }
  const headers = {};
  const h = e.headers ?? {};
  if (Array.isArray(h)) {
    for (const item of h) {
      if (Array.isArray(item)) headers[String(item[0]).toLowerCase()] = String(item[1]);
      else if (item && typeof item === 'object') headers[String(item.name).toLowerCase()] = String(item.value);
    }
  } else {
    for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  // Body: a string, parsed JSON, or a summary of binary bytes; keep what is there.
  let body = e.body;
  const bodySize = e.bodySize ?? e.bodyBytes ?? e.size ?? (typeof body === 'string' ? Buffer.byteLength(body) : undefined);
  return { seq, method: String(e.method ?? '').toUpperCase(), path, query, headers, body, bodySize, status: e.status, raw: e };
}

// Transport-level headers added by the HTTP stack itself (undici / Qt), not by the API client.
const VOLATILE_HEADERS = new Set(['host', 'content-length', 'connection', 'user-agent', 'accept', 'accept-encoding',
  'accept-language', 'sec-fetch-mode', 'transfer-encoding', 'keep-alive', 'te', 'expect', 'priority']);

function matchWire(name, calls, fresh) {
  const describe = (list, f) => list.map((x) => `    ${f(x)}`).join('\n') || '    (none)';
  const sdkLines = describe(calls, (c) => `${c.method} ${c.url.pathname}${c.url.search}`);
  const emuLines = describe(fresh, (e) => `${e.method} ${e.path} ${JSON.stringify(e.query)}`);
  assert.equal(fresh.length, calls.length,
    `[${name}] the SDK sent ${calls.length} request(s) but the emulator logged ${fresh.length}.\n  SDK:\n${sdkLines}\n  emulator:\n${emuLines}`);
  calls.forEach((c, i) => {
    const e = fresh[i];
    const where = `[${name}] request ${i + 1} (${c.method} ${c.url.pathname})`;
    assert.equal(e.method, c.method, `${where}: emulator logged method ${e.method}`);
    assert.equal(e.path, decodeURIComponent(c.url.pathname), `${where}: emulator logged path ${e.path}`);
    const sdkQuery = Object.fromEntries(c.url.searchParams);
    assert.deepEqual(e.query, sdkQuery, `${where}: query differs`);
    for (const [k, v] of Object.entries(c.headers)) {
      if (VOLATILE_HEADERS.has(k)) continue;
      if (k === 'x-goog-api-key') {
        // The emulator never records the key's value, only that the header came.
        assert.equal(e.raw.hasApiKeyHeader, true, `${where}: emulator did not see the x-goog-api-key header`);
        continue;
      }
      assert.ok(k in e.headers, `${where}: header '${k}' sent by the SDK is missing from the emulator log (logged: ${Object.keys(e.headers).join(', ')})`);
      assert.equal(e.headers[k], v, `${where}: header '${k}' logged as '${e.headers[k]}', SDK sent '${v}'`);
    }
    if (c.body.kind === 'text') {
      const logged = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
      if (isJson(c.body.text)) {
        assert.ok(e.body !== undefined && e.body !== null, `${where}: emulator logged no body; SDK sent ${c.body.text}`);
        assert.deepEqual(typeof e.body === 'string' ? JSON.parse(e.body) : e.body, JSON.parse(c.body.text),
          `${where}: JSON body differs`);
      } else {
        assert.equal(logged, c.body.text, `${where}: body differs`);
      }
    } else if (c.body.kind === 'binary' && e.bodySize !== undefined) {
      assert.equal(Number(e.bodySize), c.body.size, `${where}: emulator logged a ${e.bodySize}-byte body, SDK sent ${c.body.size}`);
    }
    wireEntries.push({ op: name, sdk: c, emu: e });
  });
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Test data

function jsonlLines(prefix, count, padTo = 0) {
  const lines = [];
  for (let i = 1; i <= count; ++i) {
    const key = `${prefix}-${String(i).padStart(5, '0')}`;
    let text = `Request ${i} of ${count}: name a prime number greater than ${i * 7}.`;
    if (padTo > 0) text += ' ' + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(padTo / 27)).slice(0, padTo);
    const request = { contents: [{ role: 'user', parts: [{ text }] }] };
    if (i % 2 === 0) request.generationConfig = { temperature: 0.2, maxOutputTokens: 64 };
    lines.push(JSON.stringify({ key, request }));
  }
  return lines;
}

function writeJsonl(name, lines) {
  const path = join(workdir, name);
  const data = Buffer.from(lines.join('\n') + '\n');
  writeFileSync(path, data);
  return { path, data, keys: lines.map((l) => JSON.parse(l).key) };
}

// ---------------------------------------------------------------------------------------------
// Assertions on API objects

const FILE_NAME_RE = /^files\/[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const RFC3339_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;

function checkUploadedFile(file, { data, mimeType, displayName }, what) {
  assert.ok(file && typeof file === 'object', `${what}: no File object returned`);
  assert.match(file.name ?? '', FILE_NAME_RE, `${what}: name '${file.name}' is not files/<id>`);
  assert.equal(file.sizeBytes, String(data.length), `${what}: sizeBytes must be the int64 string "${data.length}"`);
  assert.equal(file.mimeType, mimeType, `${what}: mimeType`);
  if (displayName !== undefined) assert.equal(file.displayName, displayName, `${what}: displayName`);
  assert.equal(file.sha256Hash, expectedSha256Hash(data), `${what}: sha256Hash must be base64(hex(sha256))`);
  assert.equal(file.state, 'ACTIVE', `${what}: JSONL uploads are ACTIVE at once`);
  assert.equal(file.source, 'UPLOADED', `${what}: source`);
  for (const f of ['createTime', 'updateTime', 'expirationTime']) {
    assert.match(file[f] ?? '', RFC3339_RE, `${what}: ${f} '${file[f]}' is not RFC 3339 UTC`);
  }
  const ttl = Date.parse(file.expirationTime) - Date.parse(file.createTime);
  assert.ok(Math.abs(ttl - 48 * 3600e3) < 60e3, `${what}: expirationTime - createTime = ${ttl / 3600e3} h, expected 48 h`);
  assert.ok(typeof file.uri === 'string' && file.uri.endsWith(file.name.slice('files'.length)),
    `${what}: uri '${file.uri}' does not end with the file id`);
}

function headerOf(entry, name) {
  return entry.emu.headers[name];
}

async function expectApiError(promise, status, pattern, what) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `${what}: expected the SDK to throw ApiError ${status}, but the call succeeded`);
  assert.ok(error instanceof ApiError, `${what}: expected ApiError, got ${error?.name}: ${error?.message}`);
  assert.equal(error.status, status, `${what}: ApiError.status ${error.status}, expected ${status}; message ${error.message}`);
  if (pattern) assert.match(error.message, pattern, `${what}: ApiError message`);
  return error;
}

async function collectPager(pager, limit, what) {
  const items = [];
  for await (const item of pager) {
    items.push(item);
    // The SDK pager stops only when nextPageToken is absent; an empty token would loop forever.
    assert.ok(items.length <= limit, `${what}: pager produced more than ${limit} items (endless pagination?)`);
  }
  return items;
}

const lastWire = (opName) => wireEntries.filter((w) => w.op === opName);

// ---------------------------------------------------------------------------------------------
// Flows for one API version

async function runFlows(version) {
  const label = version ?? 'default';
  const expectVersion = version ?? 'v1';
  const T = (s) => `[${label}] ${s}`;
  const httpOptions = { baseUrl: emulator.baseUrl, fetch: recordingFetch };
  if (version) httpOptions.apiVersion = version;
  const ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions });
  const mime = 'application/jsonl';

  const input = writeJsonl(`input-${label}.jsonl`, jsonlLines(`${label}-req`, 12));
  // Lines of ~1 KiB: 9500 of them make a ~9.7 MB file, so the SDK uploads two chunks.
  const big = writeJsonl(`big-${label}.jsonl`, jsonlLines(`${label}-big`, 9500, 980));
  assert.ok(big.data.length > CHUNK, 'big test file must exceed one 8 MiB chunk');

  const st = {};

  await step(T('reset emulator and configure deterministic timings'), async () => {
    await control('POST', 'reset');
    logSeq = 0; // the log is cleared; whether seq restarts or not, since=0 is right
    // speed 1e-9 (any positive value; 0 means the default 1): the emulated clock moves only when
    // advanceClock moves it, so the observed PENDING → RUNNING → SUCCEEDED sequence does not
    // depend on how long the steps in between take.
    await control('POST', 'config', { pendingSeconds: 30, runningSeconds: 60, failedLineRate: 0.25, speed: 1e-9 });
  });

  await step(T('files.upload from a path (one finalize chunk) + start headers on the wire'), async () => {
    const displayName = `conformance input ${label}`;
    const opName = `${label} files.upload small`;
    st.input = await op(opName, () => ai.files.upload({ file: input.path, config: { mimeType: mime, displayName } }));
    checkUploadedFile(st.input, { data: input.data, mimeType: mime, displayName }, 'upload response');
    const wire = lastWire(opName);
    assert.equal(wire.length, 2, 'a small upload is one start + one chunk');
    const [start, chunk] = wire;
    assert.equal(start.emu.path, `/upload/${expectVersion}/files`, 'start path');
    assert.equal(headerOf(start, 'x-goog-upload-protocol'), 'resumable');
    assert.equal(headerOf(start, 'x-goog-upload-command'), 'start');
    assert.equal(headerOf(start, 'x-goog-upload-header-content-length'), String(input.data.length));
    assert.equal(headerOf(start, 'x-goog-upload-header-content-type'), mime);
    assert.equal(start.sdk.headers['x-goog-api-key'], API_KEY, 'the key travels as x-goog-api-key');
    assert.equal(start.emu.raw.hasApiKeyHeader, true, 'emulator saw the key header');
    assert.ok(!('key' in start.emu.query) && !start.emu.raw.hasApiKeyQuery, 'the SDK never puts the key in the URL');
    assert.deepEqual(JSON.parse(start.sdk.body.text),
      { file: { mimeType: mime, displayName, sizeBytes: String(input.data.length) } }, 'start body');
    assert.equal(start.sdk.status, 200, 'start status');
    const sessionUrl = start.sdk.responseHeaders['x-goog-upload-url'];
    assert.ok(sessionUrl, 'start reply carries x-goog-upload-url');
    const session = new URL(sessionUrl);
    assert.equal(chunk.emu.path, session.pathname, 'chunk goes to the session URL path (host rewritten by the SDK)');
    assert.equal(headerOf(chunk, 'x-goog-upload-command'), 'upload, finalize');
    assert.equal(headerOf(chunk, 'x-goog-upload-offset'), '0');
    assert.equal(chunk.sdk.body.size, input.data.length, 'chunk size');
    assert.equal(chunk.sdk.responseHeaders['x-goog-upload-status'], 'final', 'final chunk status');
  });

  await step(T('files.upload of a >8 MiB file is chunked at 8 MiB offsets'), async () => {
    const opName = `${label} files.upload big`;
    st.big = await op(opName, () => ai.files.upload({ file: big.path, config: { mimeType: mime, displayName: `big ${label}` } }));
    checkUploadedFile(st.big, { data: big.data, mimeType: mime, displayName: `big ${label}` }, 'big upload response');
    const chunks = lastWire(opName).slice(1);
    const expected = [];
    for (let off = 0; off < big.data.length; off += CHUNK) {
      const last = off + CHUNK >= big.data.length;
      expected.push({ cmd: last ? 'upload, finalize' : 'upload', off: String(off), size: Math.min(CHUNK, big.data.length - off) });
    }
    assert.deepEqual(chunks.map((c) => ({ cmd: headerOf(c, 'x-goog-upload-command'), off: headerOf(c, 'x-goog-upload-offset'), size: c.sdk.body.size })),
      expected, 'chunk commands/offsets/sizes');
    assert.deepEqual(chunks.map((c) => c.sdk.responseHeaders['x-goog-upload-status']),
      expected.map((e, i) => (i === expected.length - 1 ? 'final' : 'active')), 'X-Goog-Upload-Status per chunk');
    // The bytes on the wire are exactly the file, chunk by chunk.
    chunks.forEach((c, i) => {
      const off = i * CHUNK;
      assert.equal(c.sdk.body.sha256, sha256Hex(big.data.subarray(off, off + c.sdk.body.size)), `chunk ${i} bytes`);
    });
  });

  await step(T('files.upload of Blobs (SDK blob uploader) for the list test'), async () => {
    st.blobs = [];
    for (let i = 1; i <= 5; ++i) {
      const lines = jsonlLines(`${label}-blob${i}`, i);
      const data = Buffer.from(lines.join('\n') + '\n');
      const blob = new Blob([data], { type: mime });
      const f = await op(`${label} files.upload blob`, () => ai.files.upload({ file: blob, config: { displayName: `blob ${i} ${label}` } }));
      checkUploadedFile(f, { data, mimeType: mime, displayName: `blob ${i} ${label}` }, `blob ${i}`);
      st.blobs.push(f);
    }
  });

  await step(T('files.get returns the same resource'), async () => {
    const got = await op(`${label} files.get`, () => ai.files.get({ name: st.input.name }));
    for (const f of ['name', 'displayName', 'mimeType', 'sizeBytes', 'sha256Hash', 'createTime', 'expirationTime', 'state', 'source', 'uri']) {
      assert.deepEqual(got[f], st.input[f], `files.get ${f}`);
    }
    const [w] = lastWire(`${label} files.get`);
    assert.equal(w.emu.path, `/${expectVersion}/${st.input.name}`, 'files.get path');
  });

  await step(T('files.list with pageSize 2 walks several pages through the SDK pager'), async () => {
    const opName = `${label} files.list`;
    const files = await op(opName, async () => collectPager(await ai.files.list({ config: { pageSize: 2 } }), 500, 'files.list'));
    const names = files.map((f) => f.name);
    assert.equal(new Set(names).size, names.length, `files.list returned duplicates: ${names}`);
    for (const f of [st.input, st.big, ...st.blobs]) assert.ok(names.includes(f.name), `files.list lacks ${f.name}`);
    const wire = lastWire(opName);
    assert.ok(wire.length >= 4, `7 files at pageSize 2 need at least 4 pages, the pager made ${wire.length} request(s)`);
    wire.forEach((w, i) => {
      assert.equal(w.emu.path, `/${expectVersion}/files`);
      assert.equal(w.emu.query.pageSize, '2', `page ${i + 1} pageSize`);
      if (i === 0) assert.ok(!('pageToken' in w.emu.query), 'first page has no pageToken');
      else assert.ok(w.emu.query.pageToken, `page ${i + 1} carries the previous nextPageToken`);
      const body = JSON.parse(w.sdk.responseText);
      assert.ok((body.files ?? []).length <= 2, `page ${i + 1} has more than pageSize files`);
      if (i < wire.length - 1) {
        assert.ok(typeof body.nextPageToken === 'string' && body.nextPageToken !== '', `page ${i + 1} needs a nextPageToken`);
        assert.equal(wire[i + 1].emu.query.pageToken, body.nextPageToken, `page ${i + 2} sends page ${i + 1}'s token back`);
      } else {
        assert.ok(!('nextPageToken' in body), 'the last page omits nextPageToken (an empty token makes the SDK loop)');
      }
    });
  });

  await step(T('batches.create from the uploaded file (src files/..., config.displayName)'), async () => {
    const displayName = `conformance file batch ${label}`;
    const opName = `${label} batches.create file`;
    st.fileBatch = await op(opName, () => ai.batches.create({ model: MODEL, src: st.input.name, config: { displayName } }));
    assert.match(st.fileBatch.name ?? '', /^batches\/[a-z0-9]+$/, 'batch name');
    assert.equal(st.fileBatch.displayName, displayName);
    assert.equal(st.fileBatch.state, 'JOB_STATE_PENDING', 'a new batch is PENDING (wire BATCH_STATE_PENDING)');
    assert.equal(st.fileBatch.model, `models/${MODEL}`);
    assert.match(st.fileBatch.createTime ?? '', RFC3339_RE, 'createTime');
    const [w] = lastWire(opName);
    assert.equal(w.emu.path, `/${expectVersion}/models/${MODEL}:batchGenerateContent`);
    assert.deepEqual(JSON.parse(w.sdk.body.text), { batch: { inputConfig: { fileName: st.input.name }, displayName } }, 'create body');
    const raw = JSON.parse(w.sdk.responseText);
    assert.equal(raw.metadata?.state, 'BATCH_STATE_PENDING', 'wire state');
    assert.equal(raw.metadata?.batchStats?.requestCount, String(input.keys.length), 'batchStats.requestCount is an int64 string');
    assert.ok(!raw.done, 'done is absent while pending');
  });

  await step(T('batches.get'), async () => {
    const got = await op(`${label} batches.get`, () => ai.batches.get({ name: st.fileBatch.name }));
    assert.equal(got.name, st.fileBatch.name);
    assert.equal(got.displayName, st.fileBatch.displayName);
    assert.ok(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING'].includes(got.state), `state ${got.state}`);
  });

  const inlineKeys = ['inline-a', 'inline-b', 'inline-c'];
  await step(T('batches.create inline (requests array with metadata keys)'), async () => {
    const src = inlineKeys.map((key, i) => ({
      contents: [{ role: 'user', parts: [{ text: `Inline question ${i + 1}: spell ${key} backwards.` }] }],
      metadata: { key },
    }));
    const opName = `${label} batches.create inline`;
    st.inlineBatch = await op(opName, () => ai.batches.create({ model: MODEL, src, config: { displayName: `inline ${label}` } }));
    assert.equal(st.inlineBatch.state, 'JOB_STATE_PENDING');
    const [w] = lastWire(opName);
    const body = JSON.parse(w.sdk.body.text);
    assert.equal(body.batch.inputConfig.requests.requests.length, 3, 'inline requests are double-nested');
  });

  await step(T('batches.create two more (to cancel and to delete)'), async () => {
    st.cancelBatch = await op(`${label} batches.create file`, () => ai.batches.create({ model: MODEL, src: st.input.name, config: { displayName: `to cancel ${label}` } }));
    st.deleteBatch = await op(`${label} batches.create file`, () => ai.batches.create({ model: MODEL, src: st.input.name, config: { displayName: `to delete ${label}` } }));
  });

  await step(T('batches.list with pageSize 2 walks the pager over the 4 batches'), async () => {
    const opName = `${label} batches.list`;
    const jobs = await op(opName, async () => collectPager(await ai.batches.list({ config: { pageSize: 2 } }), 200, 'batches.list'));
    const names = jobs.map((j) => j.name);
    assert.equal(new Set(names).size, names.length, `batches.list returned duplicates: ${names}`);
    for (const b of [st.fileBatch, st.inlineBatch, st.cancelBatch, st.deleteBatch]) {
      assert.ok(names.includes(b.name), `batches.list lacks ${b.name}`);
    }
    const wire = lastWire(opName);
    assert.ok(wire.length >= 2, `4 batches at pageSize 2 need at least 2 pages, got ${wire.length}`);
    for (const w of wire) {
      assert.equal(w.emu.path, `/${expectVersion}/batches`);
      const body = JSON.parse(w.sdk.responseText);
      assert.ok(!('batches' in body), 'the list key is operations, not batches');
    }
    assert.ok(!('nextPageToken' in JSON.parse(wire.at(-1).sdk.responseText)), 'the last page omits nextPageToken');
  });

  await step(T('batches.cancel then get → JOB_STATE_CANCELLED'), async () => {
    const opName = `${label} batches.cancel`;
    await op(opName, () => ai.batches.cancel({ name: st.cancelBatch.name }));
    const [w] = lastWire(opName);
    assert.equal(w.emu.path, `/${expectVersion}/${st.cancelBatch.name}:cancel`);
    let got;
    for (let i = 0; i < 10; ++i) {
      got = await op(`${label} batches.get`, () => ai.batches.get({ name: st.cancelBatch.name }));
      if (got.state === 'JOB_STATE_CANCELLED') break;
      await advanceClock(5);
    }
    assert.equal(got.state, 'JOB_STATE_CANCELLED', 'cancelled batch state');
    assert.match(got.endTime ?? '', RFC3339_RE, 'a cancelled batch has endTime');
  });

  await step(T('advance the emulator clock until the file and inline batches SUCCEEDED'), async () => {
    const seen = [];
    for (let i = 0; i < 40; ++i) {
      st.fileDone = await op(`${label} batches.get`, () => ai.batches.get({ name: st.fileBatch.name }));
      st.inlineDone = await op(`${label} batches.get`, () => ai.batches.get({ name: st.inlineBatch.name }));
      if (seen.at(-1) !== st.fileDone.state) seen.push(st.fileDone.state);
      if (st.fileDone.state === 'JOB_STATE_SUCCEEDED' && st.inlineDone.state === 'JOB_STATE_SUCCEEDED') break;
      for (const b of [st.fileDone, st.inlineDone]) {
        assert.ok(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED'].includes(b.state), `unexpected state ${b.state} for ${b.name}`);
      }
      await advanceClock(15);
    }
    assert.equal(st.fileDone.state, 'JOB_STATE_SUCCEEDED', 'file batch did not succeed after 600 emulated seconds');
    assert.equal(st.inlineDone.state, 'JOB_STATE_SUCCEEDED', 'inline batch did not succeed after 600 emulated seconds');
    // pendingSeconds 30, runningSeconds 60, polled every 15 emulated seconds: every state shows up.
    assert.deepEqual(seen, ['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED'], 'observed state sequence');
    const t = (x) => Date.parse(x);
    assert.ok(t(st.fileDone.createTime) <= t(st.fileDone.updateTime) && t(st.fileDone.createTime) <= t(st.fileDone.endTime),
      `createTime ${st.fileDone.createTime} must not be after updateTime ${st.fileDone.updateTime} / endTime ${st.fileDone.endTime}`);
    const id = st.fileBatch.name.slice('batches/'.length);
    assert.equal(st.fileDone.dest?.fileName, `files/batch-${id}`, 'dest.fileName (from metadata.output.responsesFile)');
    assert.match(st.fileDone.endTime ?? '', RFC3339_RE, 'endTime');
    const raw = JSON.parse(sdkCalls.filter((c) => c.url.pathname.endsWith(st.fileBatch.name)).at(-1).responseText);
    assert.equal(raw.done, true, 'done:true on a finished operation');
    assert.equal(raw.response?.responsesFile, `files/batch-${id}`, 'Operation response carries responsesFile too');
    const stats = raw.metadata?.batchStats ?? {};
    const n = (v) => (v === undefined ? 0 : (assert.equal(typeof v, 'string', 'batchStats counters are strings'), Number(v)));
    assert.equal(n(stats.requestCount), input.keys.length, 'requestCount');
    assert.equal(n(stats.successfulRequestCount) + n(stats.failedRequestCount), input.keys.length, 'successful + failed = requestCount');
    assert.ok(!('pendingRequestCount' in stats), 'no pending requests once SUCCEEDED (zero is omitted)');
    st.failedCount = n(stats.failedRequestCount);
  });

  await step(T('files.download of dest.fileName: one result line per input key'), async () => {
    const downloadPath = join(workdir, `results-${label}.jsonl`);
    const opName = `${label} files.download`;
    await op(opName, () => ai.files.download({ file: st.fileDone.dest.fileName, downloadPath }));
    const [w] = lastWire(opName);
    assert.equal(w.emu.path, `/${expectVersion}/${st.fileDone.dest.fileName}:download`);
    assert.deepEqual(w.emu.query, { alt: 'media' });
    const lines = readFileSync(downloadPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, input.keys.length, 'one result line per input line');
    const keys = [];
    let failed = 0;
    for (const line of lines) {
      const obj = JSON.parse(line);
      keys.push(obj.key);
      assert.ok(('response' in obj) !== ('error' in obj), `line for ${obj.key} must have exactly one of response/error: ${line.slice(0, 200)}`);
      if (obj.error) {
        ++failed;
        assert.equal(typeof obj.error.code, 'number', 'error.code is a gRPC number');
      } else {
        assert.ok(obj.response.candidates?.[0]?.content?.parts?.length > 0, `response for ${obj.key} has candidate parts`);
      }
    }
    assert.deepEqual([...keys].sort(), [...input.keys].sort(), 'result keys = input keys, each once');
    assert.deepEqual(keys, input.keys, 'result lines follow input order (protocol.md §6 item 6)');
    assert.equal(failed, st.failedCount, 'failed lines match batchStats.failedRequestCount');
  });

  await step(T('inline batch: dest.inlinedResponses in request order with metadata keys'), async () => {
    const items = st.inlineDone.dest?.inlinedResponses;
    assert.ok(Array.isArray(items), `dest.inlinedResponses missing: ${JSON.stringify(st.inlineDone.dest)}`);
    assert.deepEqual(items.map((r) => r.metadata?.key), inlineKeys, 'inlined responses keep request order and metadata');
    for (const r of items) {
      assert.ok((r.response !== undefined) !== (r.error !== undefined), 'each item has response xor error');
      if (r.response) assert.ok(r.response.candidates?.[0]?.content?.parts?.length > 0, 'candidate parts');
    }
  });

  await step(T('batches.delete then get → ApiError 404'), async () => {
    const opName = `${label} batches.delete`;
    await op(opName, () => ai.batches.delete({ name: st.deleteBatch.name }));
    const [w] = lastWire(opName);
    assert.equal(w.emu.method, 'DELETE');
    assert.equal(w.emu.path, `/${expectVersion}/${st.deleteBatch.name}`);
    await op(`${label} batches.get deleted`, () => expectApiError(ai.batches.get({ name: st.deleteBatch.name }), 404, /NOT_FOUND/, 'get after delete'));
    const jobs = await op(`${label} batches.list`, async () => collectPager(await ai.batches.list({ config: { pageSize: 10 } }), 200, 'batches.list'));
    assert.ok(!jobs.some((j) => j.name === st.deleteBatch.name), 'a deleted batch is gone from the list');
  });

  await step(T('files.delete then get → ApiError 403 "may not exist"'), async () => {
    for (const f of [st.big, ...st.blobs]) {
      await op(`${label} files.delete`, () => ai.files.delete({ name: f.name }));
    }
    const [w] = lastWire(`${label} files.delete`);
    assert.equal(w.emu.method, 'DELETE');
    assert.equal(w.emu.path, `/${expectVersion}/${st.big.name}`);
    await op(`${label} files.get deleted`, () => expectApiError(ai.files.get({ name: st.big.name }), 403, /may not exist/, 'get after delete'));
  });

  await step(T('48 h on the emulated clock: a PENDING batch → JOB_STATE_EXPIRED, the input file → 403'), async () => {
    await control('POST', 'config', { pendingSeconds: 3 * 24 * 3600 });
    const b = await op(`${label} batches.create file`, () => ai.batches.create({ model: MODEL, src: st.input.name, config: { displayName: `to expire ${label}` } }));
    await advanceClock(47 * 3600);
    const still = await op(`${label} batches.get`, () => ai.batches.get({ name: b.name }));
    assert.equal(still.state, 'JOB_STATE_PENDING', 'still pending after 47 h');
    await advanceClock(3600 + 60);
    const expired = await op(`${label} batches.get`, () => ai.batches.get({ name: b.name }));
    assert.equal(expired.state, 'JOB_STATE_EXPIRED', 'pending for more than 48 h');
    assert.equal(expired.dest, undefined, 'an expired batch has no output');
    await op(`${label} files.get expired`, () => expectApiError(ai.files.get({ name: st.input.name }), 403, /may not exist/, 'expired input file'));
  });

  await step(T('a wrong API key → ApiError 400 API_KEY_INVALID'), async () => {
    const bad = new GoogleGenAI({ apiKey: 'not-the-key', httpOptions });
    const e = await op(`${label} bad key`, () => expectApiError(bad.files.list({ config: { pageSize: 1 } }), 400, /API key not valid/, 'bad key'));
    const body = JSON.parse(e.message);
    assert.equal(body.error?.status, 'INVALID_ARGUMENT');
    assert.ok((body.error?.details ?? []).some((d) => d.reason === 'API_KEY_INVALID'), 'ErrorInfo reason API_KEY_INVALID');
  });
}

// ---------------------------------------------------------------------------------------------
// Dump (format documented in README.md)

function normalizeForDump(entries) {
  const ids = new Map();
  const alias = (kind, id) => {
    const k = `${kind}:${id}`;
    if (!ids.has(k)) ids.set(k, `{${kind}${[...ids.keys()].filter((x) => x.startsWith(`${kind}:`)).length + 1}}`);
    return ids.get(k);
  };
  const scrub = (s) => s
    .replace(/files\/batch-([a-z0-9]+)/g, (_, id) => `files/batch-${alias('batchId', id)}`)
    .replace(/files\/([a-z0-9][a-z0-9-]*)/g, (m, id) => (id.startsWith('batch-') ? m : `files/${alias('fileId', id)}`))
    .replace(/batches\/([a-z0-9]+)/g, (_, id) => `batches/${alias('batchId', id)}`);
  const scrubJson = (v) => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(scrubJson);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubJson(x)]));
    return v;
  };
  return entries.map(({ op: opName, sdk, emu }) => {
    const query = {};
    for (const [k, v] of Object.entries(emu.query).sort(([a], [b]) => a.localeCompare(b))) {
      query[k] = k === 'pageToken' ? '{pageToken}' : /upload_?id/i.test(k) ? '{uploadId}' : scrub(v);
    }
    let body = null;
    if (sdk.body.kind === 'text') body = isJson(sdk.body.text) ? scrubJson(JSON.parse(sdk.body.text)) : sdk.body.text;
    else if (sdk.body.kind === 'binary') body = { $bytes: sdk.body.size, $sha256: sdk.body.sha256 };
    return {
      op: opName,
      method: emu.method,
      path: scrub(emu.path),
      query,
      headerNames: [...Object.keys(emu.headers), ...(emu.raw.hasApiKeyHeader ? ['x-goog-api-key'] : [])]
        .filter((h) => !VOLATILE_HEADERS.has(h)).sort(),
      body,
    };
  });
}

// ---------------------------------------------------------------------------------------------

console.log(`sdk_flows: @google/genai ${sdkVersion}, node ${process.version}, emulator ${emulatorPath}`);
assert.equal(sdkVersion, pinnedVersion, `package-lock.json pins @google/genai ${pinnedVersion}; run npm ci`);

await step('start gemini-emulator --port 0 --api-key', async () => {
  emulator = await startEmulator();
  console.log(`# emulator at ${emulator.baseUrl}`);
});
await step('GET /emulator/requests is available', async () => {
  await requestLog();
});

await runFlows('v1beta');
await runFlows(undefined); // the SDK default, 'v1'

await step('every SDK request used the expected API version prefix', async () => {
  for (const w of wireEntries) {
    const v = w.op.startsWith('v1beta ') ? 'v1beta' : 'v1';
    assert.ok(w.emu.path.startsWith(`/${v}/`) || w.emu.path.startsWith(`/upload/${v}/`),
      `${w.op}: ${w.emu.path} is not under /${v}/ or /upload/${v}/`);
  }
});

if (dumpPath) {
  await step(`write request dump to ${dumpPath}`, async () => {
    const dump = normalizeForDump(wireEntries);
    writeFileSync(dumpPath, JSON.stringify(dump, null, 2) + '\n');
  });
}

await step('SIGTERM stops the emulator cleanly (exit status 0)', async () => {
  const { code, signal } = await shutdown();
  assert.equal(signal, null, `emulator died from ${signal} instead of handling SIGTERM`);
  assert.equal(code, 0, `emulator exit status ${code}`);
});

if (!keepWorkdir) rmSync(workdir, { recursive: true, force: true });
console.log(`sdk_flows: all ${passed} steps passed (${sdkCalls.length} SDK requests checked against the emulator log)`);

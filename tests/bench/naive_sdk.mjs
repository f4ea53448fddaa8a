// Benchmark 3's naive peer (issue 8): what a researcher writes with the official @google/genai SDK.
// One file at a time: upload, create its batch job; on any 429 sleep 60 s and try again. Each job
// created is then watched the way the SDK documentation shows (a loop of batches.get every 30 s
// until the job is done) and its results are downloaded as soon as it has succeeded; the watchers
// run while the next files are uploaded and created, so finished jobs free their slots.
//   node naive_sdk.mjs BASE_URL FOLDER OUT_DIR SPEED
// SPEED is the emulator's clock speed: the sleeps are emulated seconds (60 s → 60/SPEED real s).
// Prints one JSON line: {"jobs":n,"downloaded":n,"errors":[...]}.
import { ApiError, GoogleGenAI } from '@google/genai';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, folder, outDir, speedText] = process.argv.slice(2);
const speed = Number(speedText || '1');
const MODEL = 'gemini-3.5-flash';
const SLEEP_ON_429 = 60;
const POLL_EVERY = 30;
const DONE = new Set(['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED']);

const sleep = (emulatedSeconds) => new Promise((r) => setTimeout(r, (emulatedSeconds * 1000) / speed));
const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY || 'bench-key', httpOptions: { baseUrl, apiVersion: 'v1beta' } });

async function with429Retry(call) {
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        await sleep(SLEEP_ON_429);
        continue;
      }
      throw e;
    }
  }
}

mkdirSync(outDir, { recursive: true });
const files = readdirSync(folder).filter((f) => f.endsWith('.jsonl')).sort();
const errors = [];
let downloaded = 0;

async function watch(job) {
  for (;;) {
    await sleep(POLL_EVERY);
    const got = await with429Retry(() => ai.batches.get({ name: job.name }));
    if (!DONE.has(got.state)) continue;
    if (got.state === 'JOB_STATE_SUCCEEDED' && got.dest?.fileName) {
      await ai.files.download({ file: got.dest.fileName, downloadPath: join(outDir, `${job.displayName}.results.jsonl`) });
      ++downloaded;
    } else {
      errors.push(`${job.displayName}: ${got.state}`);
    }
    return;
  }
}

const watchers = [];
for (const f of files) {
  const displayName = f.replace(/\.jsonl$/, '');
  const uploaded = await with429Retry(() =>
    ai.files.upload({ file: join(folder, f), config: { mimeType: 'application/jsonl', displayName } }));
  const job = await with429Retry(() => ai.batches.create({ model: MODEL, src: uploaded.name, config: { displayName } }));
  watchers.push(watch({ name: job.name, displayName }));
}
await Promise.all(watchers);
console.log(JSON.stringify({ jobs: watchers.length, downloaded, errors }));

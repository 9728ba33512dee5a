// @ts-check
// Starts the real TraceTrack server for the e2e tests: a fresh database, a free port, the
// built SPA in dist/, and stops and drops everything afterwards.
//
// Reads:
//   TRACETRACK_BIN     the built `tracetrack` binary (default ../target/debug/tracetrack)
//   TEST_DATABASE_URL  a PostgreSQL server to create a throw-away database on
//                      (default postgres://postgres@127.0.0.1:5432/postgres)
//   E2E_STATIC_DIR     the built SPA to serve (default dist/)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const frontendDir = fileURLToPath(new URL('../..', import.meta.url));

export const ADMIN_PASSWORD = 'E2e-Admin-Pass-2026!';

/** @returns {Promise<number>} a port nobody listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** @param {string} url @param {string} database */
function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** @param {string} adminUrl @param {string} sql */
async function runSql(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** @param {string} baseUrl @param {number} timeoutMs @param {() => string} log */
async function waitUntilReady(baseUrl, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready after ${timeoutMs} ms; its output:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * @typedef {{ baseUrl: string, stop: () => Promise<void>, output: () => string }} RunningServer
 * @returns {Promise<RunningServer>}
 */
export async function startServer() {
  const binary = process.env.TRACETRACK_BIN || `${frontendDir}../target/debug/tracetrack`;
  if (!existsSync(binary)) {
    throw new Error(`no tracetrack binary at ${binary}: build it (cargo build -p tracetrack-server) or set TRACETRACK_BIN`);
  }
  // E2E_STATIC_DIR: another build to test (e.g. an older one, to see a step fail without a change).
  const staticDir = process.env.E2E_STATIC_DIR || `${frontendDir}dist`;
  if (!existsSync(`${staticDir}/index.html`)) throw new Error('dist/index.html is missing: run `vite build` first');

  const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `tt_e2e_${Date.now()}_${process.pid}`;
  await runSql(adminUrl, `create database ${database}`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    DATABASE_URL: withDatabase(adminUrl, database),
    TRACETRACK_ADDR: `127.0.0.1:${port}`,
    TRACETRACK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TRACETRACK_JWT_SECRET: 'e2e-secret-that-is-at-least-32-bytes-long',
    TRACETRACK_STATIC_DIR: staticDir,
    TRACETRACK_ENV: 'development',
    RUST_LOG: process.env.RUST_LOG || 'warn',
  };
  delete env.REDIS_URL; // in-process cache: the tests need nothing else running
  delete env.TRACETRACK_DEMO;

  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  // Interrupted (Ctrl-C, a CI timeout): `after` hooks do not run, so stop the server here.
  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    child.kill('SIGTERM');
    void runSql(adminUrl, `drop database if exists ${database} with (force)`)
      .catch(() => undefined)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  async function stop() {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await runSql(adminUrl, `drop database if exists ${database} with (force)`).catch((error) => {
      console.error(`could not drop ${database}: ${error}`);
    });
  }

  try {
    await Promise.race([
      waitUntilReady(baseUrl, 90_000, () => output),
      exited.then((code) => {
        throw new Error(`the server exited (${code}) before it was ready; its output:\n${output}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop, output: () => output };
}

/**
 * Signs in over the API, for setting up data the UI does not manage.
 * @param {string} baseUrl @param {string} username @param {string} password
 * @returns {Promise<string>} an access token
 */
export async function apiToken(baseUrl, username, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  /** @type {{ access_token: string }} */
  const pair = await response.json();
  return pair.access_token;
}

/**
 * @param {string} baseUrl @param {string} token @param {string} path @param {unknown} body
 * @returns {Promise<unknown>}
 */
export async function apiPost(baseUrl, token, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * @param {string} baseUrl @param {string} token @param {string} path
 * @returns {Promise<any>}
 */
export async function apiGet(baseUrl, token, path) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

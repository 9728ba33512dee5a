// @ts-check
// Debian's Chromium driven by playwright-core (no browser download on a closed network).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
/** What a run keeps for people to look at: the packing screen in each outcome state (git-ignored). */
export const ARTIFACT_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

export const VIEWPORTS = {
  phone: { width: 360, height: 760 },
  /** The phones on the packing floor. */
  floor: { width: 412, height: 915 },
  desktop: { width: 1280, height: 860 },
};

/** @param {{ fakeCameraVideo?: string }} [options] a Y4M file the fake camera shows */
export async function launchBrowser({ fakeCameraVideo } = {}) {
  const camera = fakeCameraVideo
    ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${fakeCameraVideo}`]
    : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      ...camera,
    ],
  });
}

/**
 * Saves the page at both widths as e2e/screenshots/<name>-<width>.png, then restores the size.
 * @param {import('playwright-core').Page} page @param {string} name
 */
export async function screenshotBoth(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  await page.waitForTimeout(700); // let the feedback flash finish
  for (const size of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${size.width}.png`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * Saves the packing screen as it is now: e2e/artifacts/packing-<state>-<width>.png.
 * @param {import('playwright-core').Page} page @param {string} state
 */
export async function packingArtifact(page, state) {
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.waitForTimeout(300); // the answer's pop (0.25 s) is over
  await page.screenshot({ path: `${ARTIFACT_DIR}packing-${state}-${width}.png`, fullPage: true });
}

/** @type {WeakMap<import('playwright-core').Page, import('playwright-core').CDPSession>} */
const inputSessions = new WeakMap();

/** @param {import('playwright-core').Page} page */
async function inputSession(page) {
  let session = inputSessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    inputSessions.set(page, session);
  }
  return session;
}

/** @param {string} key one character, 'Enter' or 'Tab' */
function keyEvent(key) {
  if (key === 'Enter') return { key, code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' };
  if (key === 'Tab') return { key, code: 'Tab', windowsVirtualKeyCode: 9 };
  const upper = key.toUpperCase();
  const virtualKey = /^[A-Z0-9]$/.test(upper) ? upper.charCodeAt(0) : 0;
  return { key, windowsVirtualKeyCode: virtualKey, text: key, unmodifiedText: key };
}

/**
 * Types like a keyboard-wedge scanner: keys 5–20 ms apart into whatever has the focus, then
 * the terminator as fast.
 *
 * The gun's pace is carried by the events' own timestamps (the hardware's clock, as a real
 * wedge's events carry the OS's), not by this process's timers: the keys are handed to the
 * browser together, stamped 5–20 ms apart and ending now, and the browser delivers them in
 * order. A loaded test machine that stalled Node between two keys used to show the page a
 * person's typing instead of a scan.
 * @param {import('playwright-core').Page} page @param {string} code
 * @param {'Enter' | 'Tab' | null} terminator null: the scanner sends nothing after the code
 */
export async function scan(page, code, terminator = 'Enter') {
  const session = await inputSession(page);
  const keys = [...code, ...(terminator ? [terminator] : [])];
  const keyed = keys.map((key) => ({ key, gap: (5 + Math.floor(Math.random() * 16)) / 1000 }));
  let at = Date.now() / 1000 - keyed.reduce((sum, { gap }) => sum + gap, 0);
  const sent = [];
  for (const { key, gap } of keyed) {
    at += gap;
    const event = keyEvent(key);
    sent.push(session.send('Input.dispatchKeyEvent', { ...event, type: event.text ? 'keyDown' : 'rawKeyDown', timestamp: at }));
    sent.push(session.send('Input.dispatchKeyEvent', { ...event, type: 'keyUp', text: undefined, unmodifiedText: undefined, timestamp: at + 0.002 }));
  }
  await Promise.all(sent);
}

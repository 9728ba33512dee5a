// @ts-check
// Debian's Chromium driven by playwright-core (no browser download on a closed network).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const VIEWPORTS = {
  phone: { width: 360, height: 760 },
  desktop: { width: 1280, height: 860 },
};

export async function launchBrowser() {
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
 * Types like a keyboard-wedge scanner: a fast burst of keys, then the terminator.
 * @param {import('playwright-core').Page} page @param {string} code
 * @param {'Enter' | 'Tab' | null} terminator null: the scanner sends nothing after the code
 */
export async function scan(page, code, terminator = 'Enter') {
  await page.keyboard.type(code, { delay: 4 });
  if (terminator) await page.keyboard.press(terminator);
}

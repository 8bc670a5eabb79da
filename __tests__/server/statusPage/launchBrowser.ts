import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * A real headless Chromium (the one packed in @sparticuz/chromium, or `CHROMIUM_PATH`). When it
 * cannot start, the error says so; under CI that fails the test, as a missing tool must.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? (await chromium.executablePath());
  try {
    return await puppeteer.launch({ args: chromium.args, executablePath, headless: true });
  } catch (error) {
    throw new Error(`could not start headless Chromium at ${executablePath} (install the dev dependencies, or set CHROMIUM_PATH)`, { cause: error });
  }
}

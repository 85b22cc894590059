import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from '@test/system/stack';

export const SCREENSHOTS = resolve(ROOT, '.infra', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium under playwright-core: no browser download, and none of Chromium's own network chatter. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** Runs the steps in order, each with a screenshot of where it ended (or failed); a failed step stops the ones after it. */
export class Steps {
  readonly results: StepResult[] = [];
  private failed = false;

  constructor(private readonly page: () => Page) {
    mkdirSync(SCREENSHOTS, { recursive: true });
  }

  async run(name: string, body: () => Promise<void>, screenshot?: string): Promise<void> {
    if (this.failed) {
      this.results.push({ name, ok: false, ms: 0, error: 'not run: an earlier step failed' });
      return;
    }
    const started = Date.now();
    try {
      await body();
      if (screenshot) await this.page().screenshot({ path: resolve(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
      this.results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`[web] PASS ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      this.failed = true;
      const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
      await this.page()
        .screenshot({ path: resolve(SCREENSHOTS, `failed-${this.results.length + 1}.png`), fullPage: true })
        .catch(() => undefined);
      this.results.push({ name, ok: false, ms: Date.now() - started, error: message });
      console.log(`[web] FAIL ${name}: ${message}`);
    }
  }
}

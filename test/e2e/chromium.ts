// The headless Chromium every print test uses (Debian's package, as a clerk's machine has it) and what it
// can tell about the fonts it drew a page's text with.
//
// One browser serves the whole run: test/global-setup.ts launches it and closes it when the run ends, pass
// or fail. Each worker connects once and keeps one page, which every print test of the worker opens its
// file in: a new page costs a renderer process and the CJK font read again, about a second with its first
// print, on every test.
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps dialling out, which this machine refuses.
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the run's Chromium listens (null: Chromium is not installed). */
    chromiumEndpoint: string | null;
  }
}

/** The fonts Chromium actually used for the text of the first element matching `selector`, with glyph counts. */
export async function platformFonts(page: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

let browser: Browser | undefined;
let workerPage: Page | undefined;

/**
 * The worker's page, as a new one is: `viewport` wide and high, screen media, or print media when `media`
 * says so. The caller navigates it to its file (a new document: nothing of the last test's page stays) and
 * leaves it open for the next test. A print test asks for print media here, before it navigates, rather
 * than after: the media stays set for the new document, and Chromium lays out neither the last test's
 * document again in screen media nor the new one twice.
 */
export async function printPage(viewport: { width: number; height: number }, media: "print" | null = null): Promise<Page> {
  if (!browser?.isConnected()) {
    const endpoint = inject("chromiumEndpoint");
    if (!endpoint) throw new Error(`no Chromium for this run (${CHROMIUM})`);
    browser = await chromium.connect(endpoint);
  }
  if (!workerPage || workerPage.isClosed()) workerPage = await browser.newPage();
  await workerPage.setViewportSize(viewport);
  await workerPage.emulateMedia({ media });
  return workerPage;
}

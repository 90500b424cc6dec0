// Run before every test file (vitest setupFiles): the English catalogue, which run() loads only under
// --lang en, loaded for the tests that render English themselves (renderDiagnostic(d, "en"), stoppedLine).
// Without it such a file would pass or fail by whether a file before it in the same worker ran --lang en.
// That run() itself loads it is tested on the built binary (test/e2e/bin.test.ts), in a process of its own.
import { loadLanguage } from "../src/messages/render.js";

await loadLanguage("en");

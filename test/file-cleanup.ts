// Run before every test file (vitest setupFiles): the folders the helpers made for this file go when it ends.
import { afterAll } from "vitest";
import { removeMadeFolders } from "./helpers.js";

afterAll(removeMadeFolders);

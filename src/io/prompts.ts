// Interactive questions on a terminal, through @inquirer/prompts. The commands only see `Ask`: a question
// in, the answer as text out, so they run the same when the answers come from flags.
import { Writable } from "node:stream";

export interface PromptChoice {
  value: string;
  name: string;
  description?: string;
}

export interface PromptQuestion {
  message: string;
  /** Shown under the question: what the default means, in one line. */
  help?: string;
  choices?: PromptChoice[];
  default?: string;
  /** Returns true, or what is wrong with the answer. */
  validate?: (answer: string) => true | string;
}

const SELECT_THEME = { style: { keysHelpTip: () => "↑↓ 选择 • ⏎ 确定" } };
// With --no-color (or NO_COLOR), every style @inquirer/prompts would colour is left as plain text.
const plain = (text: string) => text;
const PLAIN_THEME = {
  prefix: { idle: "?", done: "✔" },
  style: { answer: plain, message: plain, help: plain, highlight: plain, description: plain, error: (text: string) => `> ${text}`,
    defaultAnswer: (text: string) => `(${text})`, key: (text: string) => `<${text}>`, disabled: (text: string) => `- ${text}` },
};

export type Ask = (q: PromptQuestion) => Promise<string>;

/** Thrown when the person at the terminal cancels (Ctrl-C). */
export class PromptCancelled extends Error {
  constructor() {
    super("已取消");
    this.name = "PromptCancelled";
  }
}

/** Questions asked on `stdin`/`out`. Each prompt gets its own output stream, since a finished prompt ends it. */
export function terminalAsk(stdin: NodeJS.ReadableStream, out: { write(s: string): unknown }, color = true): Ask {
  return async (q) => {
    // Loaded at the first question: only init and enter ask any, and loading it costs every start ~30 ms.
    const { input, select } = await import("@inquirer/prompts");
    const output = new Writable({ write(chunk, _enc, done) { out.write(String(chunk)); done(); } });
    const context = { input: stdin, output };
    const message = q.help ? `${q.message}（${q.help}）` : q.message;
    try {
      if (q.choices) {
        const theme = color ? SELECT_THEME : { ...PLAIN_THEME, style: { ...PLAIN_THEME.style, ...SELECT_THEME.style } };
        return await select({ message, choices: q.choices, theme, ...(q.default !== undefined ? { default: q.default } : {}) }, context);
      }
      const theme = color ? {} : { theme: PLAIN_THEME };
      return (await input({ message, ...theme, ...(q.default !== undefined ? { default: q.default } : {}), ...(q.validate ? { validate: q.validate } : {}) }, context)).trim();
    } catch (e) {
      if (e instanceof Error && (e.name === "ExitPromptError" || e.name === "AbortPromptError" || e.name === "CancelPromptError")) throw new PromptCancelled();
      throw e;
    }
  };
}

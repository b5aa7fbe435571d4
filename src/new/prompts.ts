/**
 * The questions `new` asks for what the command line leaves out: numbered choices and free text, through an
 * `Ask` function (a terminal in use, scripted answers in tests).
 */
import { createInterface } from 'node:readline/promises';
import { NewEntryError } from './kinds';

/** Asks one question and resolves with the answer typed (a terminal prompt, or scripted answers in tests). */
export type Ask = (question: string) => Promise<string>;

/** Asks for one of `choices` by number (or by the choice itself); three wrong answers are an error. */
export async function askChoice<T extends string>(ask: Ask, question: string, choices: readonly T[], labels?: readonly string[]): Promise<T> {
  const list = choices.map((c, i) => `  ${i + 1}. ${labels?.[i] ?? c}`).join('\n');
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await ask(`${question}\n${list}\n请输入编号：`)).trim();
    const n = Number(answer);
    if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1]!;
    const exact = choices.find((c) => c === answer);
    if (exact) return exact;
  }
  throw new NewEntryError(`没有选到${question.replace(/[：:]$/, '')}。`, `输入 1 到 ${choices.length} 之间的编号。`);
}

/** Asks for a line of text; an empty answer takes `fallback`, shown in the question. */
export async function askText(ask: Ask, question: string, fallback?: string): Promise<string> {
  const answer = (await ask(fallback ? `${question}\n（直接回车使用：${fallback}）\n> ` : `${question}\n> `)).trim();
  return answer || fallback || '';
}

/** Reads answers line by line from `input` (a terminal or a pipe); the end of input is an error the editor can read. */
export function lineAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }): { ask: Ask; close: () => void } {
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  const lines = rl[Symbol.asyncIterator]();
  return {
    ask: async (question) => {
      output.write(question.endsWith('\n') || question.endsWith('> ') || question.endsWith('：') ? question : `${question}\n`);
      const next = await lines.next();
      if (next.done) throw new NewEntryError('输入已结束，没有新建文件。', '在命令后写全参数，例如 npm run new -- jiedu --document guofa-2019-5 --form 问答。');
      return String(next.value);
    },
    close: () => rl.close(),
  };
}

// The baseline of figure 2: a plain byte scan of a file in Node — read it in 1 MB chunks and look at
// every byte (count the line feeds). Nothing can read and look at the file faster in JavaScript.
import { closeSync, openSync, readSync } from "node:fs";

const fd = openSync(process.argv[2], "r");
const buffer = Buffer.allocUnsafe(1 << 20);
let lines = 0;
for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
  for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
}
closeSync(fd);
process.stdout.write(`${lines}\n`);

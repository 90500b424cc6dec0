// Baseline of the bench's large files: csv-parse's own streaming parse of a file, counting the records.
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

const parser = createReadStream(process.argv[2]).pipe(parse({ bom: true }));
let records = 0;
parser.on("readable", () => { while (parser.read() !== null) records++; });
parser.on("end", () => process.stdout.write(`${records}\n`));

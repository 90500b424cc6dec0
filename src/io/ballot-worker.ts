// The worker thread of ballot-stream.ts: counts the second part of a large ballots file (from a line start
// to the end) on the byte path only, with line numbers relative to the part, and sends back what it
// counted (a TallyPart) — or that the part is not plain lines, and then the file is counted in one pass.
import { promises as fs } from "node:fs";
import { parentPort } from "node:worker_threads";
import { markVocabulary, RoundTally } from "../core/ballots.js";
import { ballotRows, type PartReply, type PartSetup } from "./ballot-stream.js";
import { chunkReader, pumpChunks, RecordStream, type RecordSink } from "./table-stream.js";

async function countPart(setup: PartSetup): Promise<PartReply> {
  const vocabulary = markVocabulary(setup.rules);
  const tally = new RoundTally(setup.layout, vocabulary, setup.policy, { part: true });
  const rows = ballotRows(tally, vocabulary, setup.width, setup.scanFrom);
  const widthErrors: [number, number][] = [];
  const sink: RecordSink = {
    record(cells, line) {
      if (cells.length !== setup.width) { if (widthErrors.length <= 50) widthErrors.push([line, cells.length]); return; }
      rows.row(cells, line);
    },
    bytes(bytes, lineStart, ends, count, line) {
      if (count !== setup.width) { if (widthErrors.length <= 50) widthErrors.push([line, count]); return; }
      rows.rowBytes(bytes, lineStart, ends, line);
    },
    lines: (bytes, p, end, line, delimiter, region) => rows.rowLines(bytes, p, end, line, delimiter, region),
  };
  const stream = new RecordStream(setup.layout.file, "utf8", sink, setup.chunkSize, { strict: true, part: { delimiter: setup.delimiter } });
  const handle = await fs.open(setup.file, "r");
  try {
    await pumpChunks(chunkReader(handle, setup.chunkSize, setup.start, Infinity), (data) => {
      stream.push(data);
      return !stream.anomalous;
    });
    if (stream.anomalous) return { ok: false, reason: "not plain lines" };
    stream.end();
    if (stream.anomalous) return { ok: false, reason: "not plain lines" };
  } finally {
    await handle.close();
  }
  return { ok: true, part: tally.partResult(), widthErrors, nextLine: stream.nextLine, scanned: rows.scanned() };
}

parentPort!.once("message", (setup: PartSetup) => {
  countPart(setup).then(
    (reply) => {
      const transfer = reply.ok ? [reply.part.counts.buffer, reply.part.serialLines.buffer, reply.part.serialIntegers.buffer] : [];
      parentPort!.postMessage(reply, transfer as ArrayBuffer[]);
    },
    (e: unknown) => parentPort!.postMessage({ ok: false, reason: String(e) } satisfies PartReply),
  );
});

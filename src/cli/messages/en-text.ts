// English for `--lang en` (SPEC §9) of the diagnostics whose Chinese words are still written at the call
// site (errorText/warningText); diagnostics made with error/warning take their words from en.ts. This
// table renders the Chinese text in English. Three ways, best first:
//   1. the diagnostic carries params (the values its message quotes) → an English sentence with the values;
//      without params, an entry's `derive` pattern may read the same values back from the Chinese message;
//   2. the Chinese sentence is a fixed one listed in FIXED → its English;
//   3. otherwise the code's English sentence followed by the Chinese message in parentheses, so no value
//      (a column name, a number, a mark) is ever lost.
import type { Diagnostic } from "../../core/diagnostics.js";

type Params = Record<string, string | number>;

type Template = (p: Params) => string | undefined;

export interface EnglishEntry {
  /** What the code means, as one English sentence (used alone only when nothing better is known). */
  message: string;
  /** What to do, in general terms. */
  hint?: string;
  /** The full English message from the diagnostic's params; undefined when the params it needs are absent. */
  withParams?: Template;
  hintWithParams?: Template;
  /**
   * Reads the values back from the Chinese message, for diagnostics raised without params (call sites in
   * io/csv.ts, commands/rounds.ts and the ballot-counting loop, which pass none). When the wording changes
   * and the pattern no longer matches, rendering falls back to way 3 (nothing is lost).
   */
  derive?: RegExp;
  /** The same for the hint. */
  deriveHint?: RegExp;
}

const QUOTED_MAX = 40;
const MESSAGE_MAX = 400;

/** A value the user wrote, quoted: line breaks and control characters visible, long values clipped. */
function q(value: string | number | undefined): string {
  // eslint-disable-next-line no-control-regex
  const visible = String(value ?? "").replace(/\r\n|\r|\n/g, "↵").replace(/\t/g, "⇥").replace(/[\u0000-\u001f\u007f]/g, "�");
  const chars = [...visible];
  return `“${chars.length > QUOTED_MAX ? `${chars.slice(0, QUOTED_MAX - 10).join("")}… (${chars.length} characters)` : visible}”`;
}

function has(p: Params, ...keys: string[]): boolean {
  return keys.every((k) => p[k] !== undefined);
}

function plural(n: string | number | undefined, one: string, many = `${one}s`): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

function cap(s: string): string {
  const chars = [...s];
  return chars.length > MESSAGE_MAX ? `${chars.slice(0, MESSAGE_MAX).join("")}…` : s;
}

/** Fixed Chinese sentences (messages, hints, reasons) and their English. */
export const FIXED: Record<string, string> = {
  // Messages.
  "没有审计记录 audit.json，无从核查": "There is no audit record (audit.json), so there is nothing to check",
  "票决无效，不进行再次票决": "The vote is void; there is no further round",
  "上次中断时最后一条记录没有写完整，已丢弃（那张票当时还没有确认保存）": "The last record was incomplete when entry was interrupted and has been dropped (that ballot had not been confirmed yet)",
  "文件是空的，没有表头": "The file is empty: there is no header row",
  "没有测评结果文件": "There is no file with evaluation results",
  "表头有空列名": "A column in the header has no name",
  "项目不能是自己的子项": "A project cannot be its own sub-item",
  "没有候选项目": "There are no candidates",
  "项目清单缺少“编号”列": "The project list has no “编号” (ID) column",
  "项目清单缺少“项目名称”列": "The project list has no “项目名称” (project name) column",
  "编号为空": "The ID is empty",
  "项目名称为空": "The project name is empty",
  "计票结果中没有“当选”的项目": "The results list no project marked “当选” (selected)",
  "项目清单是空的": "The project list is empty",
  "没有任何测评结果": "There are no evaluation results",
  "文件意外结束，JSON 不完整": "The file ends unexpectedly; the JSON is incomplete",
  "字符串没有结束的引号": "A string has no closing quote",
  "字符串里有无效的转义符": "A string contains an invalid escape sequence",
  "字符串里有控制字符": "A string contains a control character",
  "JSON 结束后还有多余内容": "There is extra content after the end of the JSON",
  "文件意外结束": "The file ends unexpectedly",
  "引号结束后紧跟了其他字符": "A closing quote is followed by other characters",
  "未加引号的单元格中间出现了双引号": "A double quote appears inside a cell that is not quoted",
  "引号没有结束：文件在引号内结束": "A quote is never closed: the file ends inside a quoted cell",
  "文件在一个字符的中间结束，可能没有保存完整或复制时被截断": "The file ends in the middle of a character; it may not have been saved completely, or was cut off while copying",
  "文件含有空字符（NUL），不是文本文件": "The file contains NUL characters; it is not a text file",
  "文件既不是 UTF-8 也不是 GB18030 编码，无法读取": "The file is neither UTF-8 nor GB18030 and cannot be read",
  "文件不是有效的 GB18030 编码": "The file is not valid GB18030",
  "文件不是有效的 UTF-8 编码": "The file is not valid UTF-8",
  "文件不是有效的 UTF-16 编码（可能被截断）": "The file is not valid UTF-16 (it may have been cut off)",
  "另一个 piaojue 正在写这个输出文件夹": "Another piaojue is writing to this output folder",
  "计票时没有这个文件，现在计票会读取它": "This file did not exist at the tally; a tally now would read it",
  "上次写出没有完成（进程被中断）": "The last write did not finish (the process was interrupted)",
  "现在的票决规则与计票时记录的不同": "The voting rules now differ from those recorded at the tally",
  "没有 SHA256SUMS 文件": "There is no SHA256SUMS file",
  "这一行不是“哈希  路径”的格式": "This line is not of the form “hash  path”",
  "内容与 audit.json 推出的不同（顺序或空白）": "The content differs from what audit.json implies (order or spacing)",
  // Reasons inside schema and field messages.
  "应是小数或分数，如 \"1.2\" 或 \"2/3\"": "must be a decimal or a fraction, such as \"1.2\" or \"2/3\"",
  "应是小数或分数，如 \"0.6\" 或 \"2/3\"": "must be a decimal or a fraction, such as \"0.6\" or \"2/3\"",
  "应是实际存在的日期，格式 YYYY-MM-DD": "must be a real date in the form YYYY-MM-DD",
  "order 为 \"random\" 时必须给出整数 seed（随机种子），以便排序可以复现": "with order \"random\" an integer seed must be given, so the ballot order can be reproduced",
  "法定人数比例应大于 0 且不超过 1": "the quorum ratio must be greater than 0 and at most 1",
  "应大于 0": "must be greater than 0",
  "应在 0 到 1 之间，如 \"0.8\"": "must be between 0 and 1, such as \"0.8\"",
  "应是 0–100 之间的普通小数": "must be a plain decimal between 0 and 100",
  "路径中有控制字符": "the path contains a control character",
  "至少要有一个测评组别": "there must be at least one evaluation group",
  "应是 64 位小写十六进制的 SHA-256": "must be a 64-digit lowercase hexadecimal SHA-256",
  "应是相对于会议文件夹的路径": "must be a path relative to the session folder",
  "应是命令名": "must be a command name",
  "格式不对": "malformed",
  "不能写绝对路径（审计记录和 SHA256SUMS 中的路径都相对于测评文件夹，文件夹整体搬动后仍要能核对）：写相对于测评文件夹的路径，如 \"candidates.csv\"、\"out/results.csv\" 或 \"../township-2026/out/results.csv\"": "must not be an absolute path (paths in the audit record and SHA256SUMS are relative to the evaluation folder, so they still check after the folder is moved): write a path relative to the evaluation folder, such as \"candidates.csv\", \"out/results.csv\" or \"../township-2026/out/results.csv\"",
  "编号只能用字母、数字、- 和 _，且以字母或数字开头": "an ID may only use letters, digits, - and _, and must start with a letter or a digit",
  "投入资金应是非负的普通小数（单位万元），例如 120 或 35.5，不要写单位或科学计数法": "the budget must be a plain non-negative decimal in units of 10,000 yuan, such as 120 or 35.5, without units or scientific notation",
  "完成时限不是实际存在的日期，应写成 YYYY-MM-DD、YYYY-MM 或文字": "the deadline is not a real date; write YYYY-MM-DD, YYYY-MM or words",
  // Hints.
  "先运行 piaojue tally（或其他写出结果的命令），它会写出 out/audit.json 和 out/SHA256SUMS": "Run piaojue tally (or another command that writes results) first; it writes out/audit.json and out/SHA256SUMS",
  "用写出时的版本核查": "Audit with the version that wrote the files",
  "运行 piaojue tally 查看无效的原因": "Run piaojue tally to see why the vote is void",
  "运行 piaojue tally 查看结果": "Run piaojue tally to see the results",
  "在 rules.marks 的每个列表里放一个普通符号，例如 ○、×、弃权": "Put one ordinary symbol in each list of rules.marks, such as ○, × or 弃权",
  "核对收回票数和张数": "Check the number of returned ballots and the number entered",
  "同一次录入只能在一个终端进行；第二位工作人员请用 --second": "One entry runs in one terminal only; the second clerk uses --second",
  "核对屏幕上的“已录入”张数，从下一张接着录": "Check the “entered” count on screen and continue with the next ballot",
  "录入记录中间有损坏，无法安全接着录；请把这个文件交给技术人员，或改名后重新录入这一次": "The entry journal is damaged in the middle and cannot be resumed safely; give this file to a technician, or rename it and enter this pass again",
  "录入记录与现在的会议文件对不上（候选项目或规则改过？）；如确需重录，把这个文件改名后重新开始": "The entry journal does not match the session files now (were candidates or rules changed?); to enter again, rename this file and start over",
  "第一行应是表头：组别和各项目的编号": "The first line must be the header: the group and the ID of each project",
  "第一行应是表头": "The first line must be the header",
  "要重新生成，请加 --force（原文件会被覆盖）；或换一个文件夹": "To generate it again, add --force (the file will be overwritten), or use another folder",
  "应选数不能超过候选数": "The number to select cannot exceed the number of candidates",
  "一轮只能用一种方式计票：逐票录入（ballots）或手工计票结果（counts），删去其中一个": "A round is counted one way only: ballot by ballot (ballots) or hand-counted results (counts); remove one of them",
  "确认文件放对了会议文件夹；不需要的轮次文件请移走": "Make sure the files are in the right session folder; move away round files that are not needed",
  "轮次文件须连续：ballots-r2.csv、ballots-r3.csv……": "Round files must be consecutive: ballots-r2.csv, ballots-r3.csv, …",
  "每个候选项目只能有一列": "Each candidate may have only one column",
  "删去多余的一列": "Delete the extra column",
  "删除这一列：表决票文件只能有票号、作废和各候选项目的列": "Delete this column: a ballots file may only have the serial number (票号), void (作废) and one column per candidate",
  "删除空列，或写上候选项目的编号": "Delete the empty column, or write a candidate's ID in it",
  "每个候选项目都要有一列，列名用编号或完整的项目名称": "Every candidate needs a column, named by its ID or its full project name",
  "同一张票只能录入一次：删除重复的行或改正票号": "A ballot may be entered only once: delete the repeated row or correct the serial number",
  "计票结果文件的列为：编号,赞成,反对,弃权": "The columns of a hand-counted results file are: 编号,赞成,反对,弃权 (ID, for, against, abstain)",
  "每个候选项目只能有一行": "Each candidate may have only one row",
  "填写票数，例如 42": "Write a number of votes, such as 42",
  "核对计票单：每个项目的赞成、反对、弃权之和必须等于有效票数": "Check the count sheet: for each project, for + against + abstain must equal the valid ballots",
  "核对计票单：未画赞成的票应计入弃权": "Check the count sheet: ballots without an approve mark count as abstentions",
  "每个候选项目都要有一行": "Every candidate needs a row",
  "每张有效票最多赞成限选数个项目，请核对计票单": "A valid ballot approves at most the limit; check the count sheet",
  "每一列只能出现一次": "Each column may appear only once",
  "编号必须唯一": "IDs must be unique",
  "项目名称必须唯一": "Project names must be unique",
  "改一个名称，否则表决票的列名无法区分": "Change the name; otherwise a ballots column named by it would be ambiguous",
  "改一个名称，否则测评表的列名无法区分": "Change the name; otherwise a forms column named by it would be ambiguous",
  "填写本表中父项目的编号，或留空": "Write the ID of a parent project in this table, or leave it empty",
  "留空或填写父项目的编号": "Leave it empty or write the parent project's ID",
  "子项只能挂在顶层项目下": "A sub-item can only belong to a top-level project",
  "每行填写一个候选项目": "Write one candidate per row",
  "候选项目应写明背景、内容、区域、主体、资金、来源、时限和绩效目标，避免打包式票决": "A candidate should state its background, content, area, implementer, budget, funding, deadline and target, so the vote is not on a vague bundle",
  "核对发票数：每位出席代表只应领到一张票": "Check the number issued: each deputy present receives one ballot",
  "差额规则未满足，票决结果可能不被认可；请对照本次会议的票决办法": "The competition rule is not met, so the result may not be recognised; check the voting procedure of this session",
  "项目清单须有“编号”和“项目名称”两列（候选项目表 candidates.csv 或计票结果 results.csv 均可）": "The project list needs the columns “编号” and “项目名称” (candidates.csv or results.csv both work)",
  "每个项目都要有编号，例如 P01": "Every project needs an ID, such as P01",
  "填写项目名称": "Write the project name",
  "确认 evaluation.json 的 projects 指向最终的计票结果（所有轮次计完后的 results.csv）": "Make sure projects in evaluation.json points to the final results (results.csv after all rounds)",
  "每行写一个要测评的项目": "Write one project to evaluate per row",
  "每个项目只能有一列": "Each project may have only one column",
  "删除这一列：测评表文件只能有“组别”和各项目的列": "Delete this column: a forms file may only have “组别” (group) and one column per project",
  "删除空列，或写上项目的编号": "Delete the empty column, or write a project's ID in it",
  "项目清单中的每个项目都要有一列，列名用编号或完整的项目名称": "Every project in the list needs a column, named by its ID or its full project name",
  "删除这一列：测评表文件只能有“组别”和各项目的列（列名用编号或完整的项目名称）": "Delete this column: a forms file may only have “组别” (group) and one column per project (named by ID or full project name)",
  "改正上面列出的错误后再运行一次": "Correct the errors listed above and run again",
  "确认 evaluation.json 的 projects 指向正确的项目清单；若是清单中项目的别名，请把列名改为编号或完整的项目名称": "Make sure projects in evaluation.json points to the right project list; if this is another name for a listed project, rename the column to its ID or full name",
  "单元格只能填：满意、基本满意、不满意、弃权，或留空（按弃权计）": "A cell may only hold 满意, 基本满意, 不满意, 弃权 (satisfied, basically satisfied, unsatisfied, abstain), or be empty (counted as abstain)",
  "结果只能是：当选、未当选、未过半数、得票相等待再次票决": "The result must be one of 当选 (selected), 未当选 (not selected), 未过半数 (no majority), 得票相等待再次票决 (tied, awaiting a further round)",
  "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）": "The columns of a results file are: 名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次 (as piaojue tally writes them; unused columns may be deleted, but none renamed or added)",
  "手工汇总文件的列为：编号,组别,满意,基本满意,不满意,弃权（组别只有一组时可省略，可加一列项目名称）": "The columns of a hand-summed file are: 编号,组别,满意,基本满意,不满意,弃权 (组别 may be left out with one group; a 项目名称 column may be added)",
  "填写份数，例如 42；没有就填 0": "Write a number of forms, such as 42; write 0 for none",
  "填写项目编号": "Write the project ID",
  "每个项目在每个组别只能有一行": "Each project may have only one row per group",
  "核对这一行的编号和项目名称是否错行": "Check whether the ID and the project name on this line belong to different rows",
  "核对汇总表，或改正 evaluation.json 中该组的 members": "Check the summary sheet, or correct the group's members in evaluation.json",
  "核对汇总表：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同": "Check the summary sheet: within a group every form has one result per project (empty counts as abstain), so the totals of all projects should be equal",
  "指标文件的列为：编号,指标,目标值,完成值,权重（权重可省略，按 1 计）": "The columns of the indicators file are: 编号,指标,目标值,完成值,权重 (权重, the weight, may be left out and counts as 1)",
  "写明指标，例如“新增床位（张）”": "Name the indicator, such as “新增床位（张）”",
  "只写数字，如 100、0.95、95% 或 2/3，不要写单位": "Write a number only, such as 100, 0.95, 95% or 2/3, without units",
  "目标值应大于 0": "The target must be greater than 0",
  "写小数或分数，如 0.3 或 1/3；留空按 1 计": "Write a decimal or a fraction, such as 0.3 or 1/3; empty counts as 1",
  "核对编号，或确认 evaluation.json 的 projects 指向正确的项目清单": "Check the ID, or make sure projects in evaluation.json points to the right project list",
  "至少一个指标的权重应大于 0": "At least one indicator needs a weight greater than 0",
  "在表头下每份测评表填一行": "Below the header, write one row per form",
  "每个项目、每个组别填一行份数": "Write one row of counts per project and group",
  "人数太少时，可与其他组别合并测评，或不单独公布该组结果": "With so few people, evaluate together with another group, or do not publish this group's result separately",
  "satisfaction.html 和 --json（fewForms）已标明“结果仅供参考”；人数太少时，可与其他组别合并测评，或不单独公布该组结果": "satisfaction.html and --json (fewForms) already mark the figures “for reference only”; with so few people, evaluate together with another group, or do not publish this group's result separately",
  "文件可能没有保存完整或复制时被截断；检查括号和引号是否成对": "The file may not have been saved completely or was cut off while copying; check that brackets and quotes are paired",
  "删除这个键": "Delete this key",
  "每个键只能写一次，删除多余的一处": "Each key may appear only once; delete the extra one",
  "检查这一行的引号是否成对": "Check that the quotes on this line are paired",
  "反斜杠后只能是 \" \\ / b f n r t u": "A backslash may only be followed by \" \\ / b f n r t u",
  "删除该字符": "Delete the character",
  "检查括号是否成对": "Check that the brackets are paired",
  "JSON 的键名必须用英文双引号": "JSON keys must be in plain (half-width) double quotes",
  "写成 \"键\": 值": "Write \"key\": value",
  "检查上一项后面是否缺少逗号，或多了一个逗号": "Check for a missing or an extra comma after the previous item",
  "检查数组元素之间的逗号": "Check the commas between the array's elements",
  "写一个普通大小的数": "Write a number of ordinary size",
  "删除多余的内容": "Delete the extra content",
  "检查拼写：未知的键会被拒绝，以免写错的规则悄悄失效": "Check the spelling: unknown keys are refused so that a misspelt rule does not silently do nothing",
  "差额规则：{\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}": "The competition rule: {\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}",
  "例如 \"2026-01-15\"": "For example \"2026-01-15\"",
  "每轮发出的票数，第一轮在前，例如 [55]": "The ballots issued in each round, first round first, such as [55]",
  "\"formal\"（等于应选数）、正整数，或 \"none\"": "\"formal\" (equal to the number to select), a positive integer, or \"none\"",
  "evaluation.json 的写法见说明：title、projects、groups（各组 weight、members）、levels、rateBase、grade、passRate": "See the guide for evaluation.json: title, projects, groups (weight, members of each), levels, rateBase, grade, passRate",
  "检查是否多了或少了逗号；含逗号的单元格要用双引号括起": "Look for an extra or a missing comma; a cell that contains a comma must be in double quotes",
  "含逗号或引号的单元格要整个用双引号括起，单元格里的双引号写成两个（\"\"）": "Put a cell containing commas or quotes in double quotes as a whole, and double the quotes inside it (\"\")",
  "把整个单元格用双引号括起，单元格里的双引号写成两个（\"\"）": "Put the whole cell in double quotes, and double the quotes inside it (\"\")",
  "检查这个单元格的双引号是否成对，或文件是否被截断": "Check that this cell's double quotes are paired, or whether the file was cut off",
  "删除空列，或写上列名": "Delete the empty column, or give it a name",
  "每个列名只能出现一次": "Each column name may appear only once",
  "在 Excel 或 WPS 中打开原表格，“另存为”CSV UTF-8（逗号分隔）后再放入会议文件夹": "Open the original sheet in Excel or WPS, “Save As” CSV UTF-8 (comma delimited), and put that in the session folder",
  "重新从原表格另存为 CSV UTF-8（逗号分隔），或重新复制该文件": "Save the original sheet again as CSV UTF-8 (comma delimited), or copy the file again",
  "常见于把两个文件的内容拼在一起。用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔）；如确是 GBK 文件，用 --encoding gb18030": "This usually comes from pasting two files together. Open it in Excel or WPS and “Save As” CSV UTF-8 (comma delimited); if it really is a GBK file, use --encoding gb18030",
  "用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）后再试，或用 --encoding 指定编码": "“Save As” CSV UTF-8 (comma delimited) in Excel or WPS and try again, or name the encoding with --encoding",
  "检查文件权限": "Check the file permissions",
  "确认选对了文件；用 Excel 或 WPS 重新另存为 CSV": "Make sure it is the right file; save it again as CSV from Excel or WPS",
  "结果已完整暂存，下次运行任一写出命令时会自动补完": "The results are fully staged and will be completed the next time any writing command runs",
  "输出文件夹中原有的文件没有改动；解决问题后重新运行": "The files already in the output folder are unchanged; fix the problem and run again",
  "等它结束后再运行；如确认没有其他 piaojue 在运行，删除这个锁文件": "Wait for it to finish; if you are sure no other piaojue is running, delete this lock file",
  "在 counted 中写 {\"returned\": 收回票数, \"void\": 无效票数}": "Add {\"returned\": returned ballots, \"void\": void ballots} to counted",
  "确认文件放对了会议文件夹": "Make sure the file is in the right session folder",
};

// Messages naming what a file is when its bytes say it is not text (io/encoding.ts SIGNATURES).
for (const [zh, en] of [
  ["Excel 或 WPS 工作簿（.xlsx/.et，压缩格式）", "an Excel or WPS workbook (.xlsx/.et)"],
  ["旧版 Excel 或 WPS 工作簿（.xls）", "an old Excel or WPS workbook (.xls)"],
  ["PDF 文件", "a PDF file"],
  ["PNG 图片", "a PNG image"],
  ["JPEG 图片", "a JPEG image"],
] as const) FIXED[`这是${zh}，不是 CSV 或文本文件`] = `This is ${en}, not a CSV or text file`;

/** English for the JSON types zod names in a schema issue. */
const TYPE_EN: Record<string, string> = {
  string: "text", number: "a number", int: "an integer", boolean: "true or false", array: "an array", object: "an object", record: "an object", null: "null",
};

/** A schema message (session.json, evaluation.json, audit.json) from session.ts issueParams. */
const schemaMessage: Template = (p) => {
  const at = p["path"] === "(根)" ? "(root)" : String(p["path"] ?? "");
  switch (p["problem"]) {
    case "integer": return `${at}: must be an integer`;
    case "missing": return `${at}: required, missing (should be ${TYPE_EN[String(p["expected"])] ?? p["expected"]})`;
    case "type": return `${at}: wrong type, should be ${TYPE_EN[String(p["expected"])] ?? p["expected"]}, found ${TYPE_EN[String(p["found"])] ?? p["found"]}`;
    case "too-few": return `${at}: needs at least ${plural(p["limit"], "item")}`;
    case "empty": return `${at}: must not be empty`;
    case "too-small": return `${at}: must not be less than ${p["limit"]}`;
    case "too-big": return `${at}: must not be greater than ${p["limit"]}`;
    case "choices": return `${at}: invalid value; choose one of ${p["choices"]}`;
    case "invalid": return `${at}: invalid value`;
    case "key": {
      const reason = FIXED[String(p["reason"] ?? "")];
      return reason ? `${at}: invalid key: ${reason}` : undefined;
    }
    default: {
      const reason = schemaReason(String(p["reason"] ?? ""));
      return reason ? `${at}: ${reason}` : undefined;
    }
  }
};

/** The schemas' own messages that carry values (session.ts and evaluate.ts superRefine). */
const REASON_PATTERNS: [RegExp, (m: Record<string, string>) => string][] = [
  [/^实到 (?<present>\d+) 人多于应到 (?<total>\d+) 人$/, (m) => `${m["present"]} present is more than the ${m["total"]} deputies in total`],
  [/^无效票 (?<void>\d+) 多于收回票 (?<returned>\d+)$/, (m) => `${m["void"]} void is more than the ${m["returned"]} returned`],
  [/^组别名称“(?<name>.*)”不能为空，也不能以空格开头或结尾$/, (m) => `group name ${q(m["name"])} must not be empty or begin or end with a space`],
  [/^组别不能叫“(?<name>.*)”：这是加权综合行的名称$/, (m) => `a group cannot be called ${q(m["name"])}: that is the name of the weighted combined row`],
  [/^rateBase 为 "members" 时，组别“(?<name>.*)”必须写 members（应参加人数）$/, (m) => `with rateBase "members", group ${q(m["name"])} must give members (the number expected to take part)`],
  [/^各等次分值应满足 满意 ≥ 基本满意 ≥ 不满意（现为 (?<levels>.*)）$/, (m) => `the level scores must satisfy 满意 ≥ 基本满意 ≥ 不满意 (now ${m["levels"]!.replace(/、/g, ", ")})`],
];

function schemaReason(reason: string): string | undefined {
  if (FIXED[reason]) return FIXED[reason];
  for (const [re, en] of REASON_PATTERNS) {
    const m = re.exec(reason);
    if (m?.groups) return en(m.groups);
  }
  return undefined;
}

const competition: Template = (p) => has(p, "candidates", "formal", "required")
  ? `The competition rule (差额) is not met: ${plural(p["candidates"], "candidate")} for ${p["formal"]} to select; at least ${p["required"]} are required`
  : undefined;

/** An audit problem is reported as “check N failed: …”; the detail is translated when it is a fixed sentence. */
function auditEntry(message: string, hint?: string): EnglishEntry {
  return {
    message, ...(hint ? { hint } : {}),
    derive: /^第 (?<check>\d+) 项未通过：(?<detail>.*)$/,
    withParams: (p) => (has(p, "check", "detail") ? `Check ${p["check"]} failed: ${FIXED[String(p["detail"])] ?? `${message} (${p["detail"]})`}` : undefined),
  };
}

export const MESSAGES_EN: Record<string, EnglishEntry> = {
  E_AMBIGUOUS_NAME: {
    message: "A project name is the same as another row's ID",
    hint: "Change the name so that a column named by it is not ambiguous",
    withParams: (p) => (has(p, "name", "otherLine") ? `Project name ${q(p["name"])} is the same as the ID on line ${p["otherLine"]}` : undefined),
  },
  E_AUDIT: { message: "The audit failed" },
  E_AUDIT_INPUT_ADDED: auditEntry("A file the tally would read now was not read at the tally"),
  E_AUDIT_INPUT_CHANGED: auditEntry("An input file has changed since it was read"),
  E_AUDIT_INPUT_MISSING: auditEntry("An input file that was read no longer exists"),
  E_AUDIT_MISSING: { message: "There is no audit record (audit.json)", hint: "Run piaojue tally first; it writes out/audit.json and out/SHA256SUMS" },
  E_AUDIT_OUTPUT_CHANGED: auditEntry("An output file has changed since it was written"),
  E_AUDIT_OUTPUT_MISSING: auditEntry("An output file that was written no longer exists"),
  E_AUDIT_PENDING_WRITE: auditEntry("The last write did not finish"),
  E_AUDIT_RECOUNT_DIFFERS: auditEntry("Recomputing gives a different result"),
  E_AUDIT_RECOUNT_FAILED: auditEntry("The inputs can no longer be recomputed"),
  E_AUDIT_RULES_CHANGED: auditEntry("The voting rules have changed since the tally"),
  E_AUDIT_SCHEMA: { message: "audit.json is not in the expected format", withParams: schemaMessage },
  E_AUDIT_SUMS_FORMAT: auditEntry("A line of SHA256SUMS is malformed"),
  E_AUDIT_SUMS_MISMATCH: auditEntry("SHA256SUMS does not match audit.json"),
  E_AUDIT_SUMS_MISSING: auditEntry("There is no SHA256SUMS file"),
  E_BUDGET: {
    message: "The budget is not a plain non-negative number",
    hint: "Write the budget in units of 10,000 yuan, such as 120 or 35.5",
    withParams: fieldMessage,
  },
  E_CANDIDATE: { message: "A candidate's field is invalid", withParams: fieldMessage },
  E_CANDIDATE_ID: { message: "A candidate's ID is invalid", hint: "Use letters, digits, - and _ only, starting with a letter or a digit", withParams: fieldMessage },
  E_CANDIDATE_NAME: { message: "A candidate's project name is invalid", withParams: fieldMessage },
  E_COMPETITION: {
    message: "The competition rule (差额) is not met",
    hint: "Add candidates, or adjust rules.competition to this session's voting procedure",
    withParams: competition,
    hintWithParams: (p) => (has(p, "required") ? `Add candidates to at least ${p["required"]}, or adjust rules.competition to this session's voting procedure` : undefined),
  },
  E_COUNTED_MISSING: {
    message: "A round uses hand-counted results, but session.json's counted has no entry for that round",
    hint: "Add {\"returned\": returned ballots, \"void\": void ballots} to counted",
    derive: /^第 (?<round>\d+) 轮用手工计票结果（(?<file>[^）]+)），但 session\.json 的 counted 没有第 \d+ 项$/,
    withParams: (p) => (has(p, "round", "file") ? `Round ${p["round"]} uses hand-counted results (${p["file"]}), but session.json's counted has no entry ${p["round"]}` : undefined),
  },
  W_COUNT_AGAINST: { message: "An approve-only ballot should have no votes against", hint: "Check the count sheet: ballots without an approve mark count as abstentions" },
  W_COUNT_IMPOSSIBLE: { message: "The total of votes for exceeds the valid ballots times the approval limit", hint: "A valid ballot approves at most the limit; check the count sheet" },
  E_COUNT_NUMBER: {
    message: "A count is not a non-negative integer", hint: "Write a whole number, such as 42",
    derive: /^(?:第 (?<line>\d+) 行“(?<column>.*)”的)?“(?<value>.*)”不是非负整数$/,
    withParams: (p) => (has(p, "value") ? `${has(p, "line", "column") ? `Line ${p["line"]}, column ${q(p["column"])}: ` : ""}${q(p["value"])} is not a non-negative integer` : undefined),
  },
  E_COUNT_SUM: {
    message: "For + against + abstain is not the number of valid ballots",
    hint: "Check the count sheet: for each project, for + against + abstain must equal the valid ballots",
    derive: /^“(?<id>.*)”赞成 (?<approve>\d+) \+ 反对 (?<against>\d+) \+ 弃权 (?<abstain>\d+) = \d+，不等于有效票 (?<valid>\d+)（收回 (?<returned>\d+) − 无效 (?<void>\d+)）$/,
    withParams: (p) => has(p, "id", "approve", "against", "abstain", "valid", "returned", "void")
      ? `${q(p["id"])}: for ${p["approve"]} + against ${p["against"]} + abstain ${p["abstain"]} = ${Number(p["approve"]) + Number(p["against"]) + Number(p["abstain"])}, not the ${p["valid"]} valid ballots (${p["returned"]} returned − ${p["void"]} void)`
      : undefined,
  },
  E_CSV_EMPTY: { message: "The file is empty: there is no header row", hint: "The first line must be the header" },
  E_CSV_FIELD_COUNT: {
    message: "This row has a different number of cells from the header",
    hint: "Look for an extra or a missing comma; a cell that contains a comma must be in double quotes",
    derive: /^这一行有 (?<cells>\d+) 个单元格，表头有 (?<expected>\d+) 列$/,
    withParams: (p) => (has(p, "cells", "expected") ? `This row has ${plural(p["cells"], "cell")}, the header has ${plural(p["expected"], "column")}` : undefined),
  },
  E_CSV_SYNTAX: { message: "The CSV is malformed here", hint: "Check the quotes and commas of this cell" },
  E_DEADLINE: { message: "The deadline is not a real date", hint: "Write YYYY-MM-DD, YYYY-MM or words", withParams: fieldMessage },
  E_DUPLICATE_COLUMN: {
    message: "A column appears twice",
    hint: "Delete the extra column",
    derive: /^列“(?<column>.*)”(?:与第 (?<otherColumn>\d+) 列(?:是同一个(?:候选)?项目“(?<candidate>.*)”|重复)|重复)$/,
    withParams: (p) => {
      if (!has(p, "column")) return undefined;
      if (has(p, "candidate", "otherColumn")) return `Column ${q(p["column"])} is the same project ${q(p["candidate"])} as column ${p["otherColumn"]}`;
      if (has(p, "otherColumn")) return `Column ${q(p["column"])} repeats column ${p["otherColumn"]}`;
      return `Column ${q(p["column"])} appears twice`;
    },
  },
  E_DUPLICATE_HEADER: {
    message: "A column name appears twice",
    hint: "Each column name may appear only once",
    derive: /^列名“(?<column>.*)”与第 (?<otherColumn>\d+) 列重复$/,
    withParams: (p) => (has(p, "column", "otherColumn") ? `Column name ${q(p["column"])} repeats column ${p["otherColumn"]}` : undefined),
  },
  E_DUPLICATE_ID: {
    message: "An ID appears twice",
    hint: "IDs must be unique",
    withParams: (p) => (has(p, "id", "otherLine") ? `ID ${q(p["id"])} repeats line ${p["otherLine"]}` : undefined),
  },
  E_DUPLICATE_NAME: {
    message: "A project name appears twice",
    hint: "Project names must be unique",
    withParams: (p) => (has(p, "name", "otherLine") ? `Project name ${q(p["name"])} repeats line ${p["otherLine"]}` : undefined),
  },
  E_DUPLICATE_ROW: { message: "A project has two rows in the same group", hint: "Each project may have only one row per group" },
  E_DUPLICATE_SERIAL: {
    message: "A ballot serial number appears twice",
    hint: "A ballot may be entered only once: delete the repeated row or correct the serial number",
    derive: /^票号“(?<serial>.*)”与第 (?<otherLine>\d+) 行重复$/,
    withParams: (p) => (has(p, "serial", "otherLine") ? `Serial number ${q(p["serial"])} repeats line ${p["otherLine"]}` : undefined),
  },
  E_EMPTY_HEADER: {
    message: "A column in the header has no name",
    hint: "Delete the empty column, or give it a name",
    derive: /^第 (?<columnNumber>\d+) 列的列名是空的$/,
    withParams: (p) => (has(p, "columnNumber") ? `Column ${p["columnNumber"]} has no name` : undefined),
  },
  E_ENCODING: { message: "The file's text encoding cannot be read", hint: "“Save As” CSV UTF-8 in Excel or WPS and try again, or name the encoding with --encoding" },
  E_ENTRY_BUSY: { message: "Another piaojue process is running this entry", hint: "One entry runs in one terminal only; the second clerk uses --second" },
  E_ENTRY_MISMATCH: { message: "The first and the second entry differ", hint: "Take out the paper ballot and check it; correct the pass that was wrong" },
  E_EVALUATION_SCHEMA: { message: "evaluation.json is not in the expected format", withParams: schemaMessage },
  E_EVAL_FORMS_EXCEED_MEMBERS: { message: "A group has more forms than members", hint: "Check the forms, or correct the group's members in evaluation.json" },
  E_EVAL_GROUP_EMPTY: { message: "The group of this row is empty", hint: "Write the group" },
  E_EVAL_GROUP_UNKNOWN: { message: "The group is not one of the groups in evaluation.json", hint: "Use one of the groups in evaluation.json" },
  E_EVAL_MARK: {
    message: "A cell is not an evaluation result", hint: "A cell may only hold 满意, 基本满意, 不满意, 弃权, or be empty (counted as abstain)",
    derive: /^第 (?<line>\d+) 行第 (?<columnNumber>\d+) 列（(?<id>[^）]*)）的“(?<value>.*)”不是测评结果$/,
    withParams: (p) => (has(p, "line", "columnNumber", "id", "value") ? `Line ${p["line"]}, column ${p["columnNumber"]} (${p["id"]}): ${q(p["value"])} is not an evaluation result` : undefined),
  },
  E_EVAL_NAME_MISMATCH: { message: "The project name does not match the ID in the project list", hint: "Check whether the ID and the project name on this line belong to different rows" },
  E_EVAL_NO_FORMS: { message: "There are no evaluation results" },
  E_EVAL_TWICE: { message: "There are both forms and hand-summed evaluation results", hint: "Results are given one way only; remove one of the two files" },
  E_EXISTS: { message: "The file already exists and was not overwritten", hint: "Add --force to overwrite it" },
  E_FILE: {
    message: "The file cannot be read",
    hint: "Check the file and its permissions",
    withParams: (p) => {
      switch (p["errno"]) {
        case "ENOENT": return "File not found";
        case "EISDIR": return "This is a folder, not a file";
        case "ENOTFILE": return "This is not a regular file (it is a device or a pipe)";
        case "ERR_FS_FILE_TOO_LARGE": return "The file is too large to read (over 2 GB)";
        case undefined: return undefined;
        default: return `The file cannot be read (${p["errno"] || "unknown error"})`;
      }
    },
    hintWithParams: (p) => (p["errno"] === "ENOENT" && has(p, "name", "dir") ? `Put ${p["name"]} in the session folder ${p["dir"]}` : p["errno"] !== undefined ? "Check the file permissions" : undefined),
  },
  E_FORMAL_EXCEEDS: {
    message: "The number to select exceeds the number of candidates",
    hint: "The number to select cannot exceed the number of candidates",
    withParams: (p) => (has(p, "formal", "candidates") ? `The number to select (${p["formal"]}) exceeds the number of candidate ${p["items"] ? "sub-items" : "projects"} (${p["candidates"]})` : undefined),
  },
  E_IDENTIFYING_COLUMN: {
    message: "A column may reveal who voted; the vote is secret",
    hint: "Delete this column",
    derive: /^列“(?<column>.*)”可能暴露(?<who>代表身份|填表人身份)/,
    withParams: (p) => (has(p, "column") ? (p["form"] === "evaluation" || p["who"] === "填表人身份"
      ? `Column ${q(p["column"])} may reveal who filled in the form; the evaluation is anonymous`
      : `Column ${q(p["column"])} may reveal a deputy's identity; the ballot is secret`) : undefined),
  },
  E_INDICATOR_NAME: { message: "An indicator's name is empty", hint: "Name the indicator" },
  E_INDICATOR_NUMBER: { message: "An indicator value is not a non-negative number", hint: "Write a number only, such as 100, 0.95, 95% or 2/3, without units" },
  E_INDICATOR_TARGET_ZERO: { message: "The target is 0, so completion cannot be computed", hint: "The target must be greater than 0" },
  E_INDICATOR_WEIGHT: { message: "An indicator weight is invalid", hint: "Write a decimal or a fraction, such as 0.3 or 1/3; at least one weight must be greater than 0" },
  E_INPUT: { message: "The input is invalid; nothing was written" },
  E_INTERNAL: { message: "Internal error" },
  E_ISSUED_MISSING: {
    message: "session.json's issued has no number for this round",
    hint: "List the ballots issued per round in the issued array",
    derive: /^session\.json 的 issued 没有第 (?<round>\d+) 轮的发出票数$/,
    deriveHint: /^在 issued 数组中按轮次写出发出票数，例如 (?<example>\[.*\])$/,
    hintWithParams: (p) => (has(p, "example") ? `Write the ballots issued per round in the issued array, such as ${p["example"]}` : undefined),
    withParams: (p) => (has(p, "round") ? `session.json's issued has no number of ballots issued for round ${p["round"]}` : undefined),
  },
  E_JOURNAL: { message: "The entry journal cannot be used", hint: "Give the journal file to a technician, or rename it and enter this pass again" },
  E_JSON_DUPLICATE_KEY: {
    message: "A key appears twice", hint: "Each key may appear only once; delete the extra one",
    withParams: (p) => (has(p, "key") ? `Key ${q(p["key"])} appears twice` : undefined),
  },
  E_JSON_FORBIDDEN_KEY: {
    message: "This key name is not allowed", hint: "Delete this key",
    withParams: (p) => (has(p, "key") ? `Key name ${q(p["key"])} is not allowed` : undefined),
  },
  E_JSON_SYNTAX: { message: "The JSON is malformed here", hint: "Check brackets, quotes and commas", withParams: jsonSyntax },
  E_MARKS: { message: "rules.marks cannot be written safely to a CSV", hint: "Put one ordinary symbol in each list of rules.marks, such as ○, × or 弃权" },
  E_MISSING_CANDIDATE: { message: "A candidate has no row of counts", hint: "Every candidate needs a row" },
  E_MISSING_COLUMN: {
    message: "A required column is missing",
    hint: "Add the column to the header",
    derive: /^缺少(?:(?:候选)?项目“(?<candidate>.*)”的列|列“(?<column>.*)”)$/,
    withParams: (p) => {
      if (has(p, "candidate")) return `There is no column for ${q(p["candidate"])}`;
      if (has(p, "column", "english")) return `The required column ${q(p["column"])} (or ${q(p["english"])}) is missing`;
      if (has(p, "column")) return `Column ${q(p["column"])} is missing`;
      return undefined;
    },
    hintWithParams: (p) => (has(p, "column", "english") ? `The header must have ${q(p["column"])} (or ${q(p["english"])})` : undefined),
  },
  E_MIXED_ENCODING: {
    message: "The file mixes two encodings",
    hint: "Open it in Excel or WPS and “Save As” CSV UTF-8; if it really is a GBK file, use --encoding gb18030",
    withParams: (p) => (has(p, "utf8Line", "badLine") ? `The file mixes two encodings: line ${p["utf8Line"]} is UTF-8, line ${p["badLine"]} is not (perhaps GBK)` : undefined),
  },
  E_MORE_ERRORS: {
    message: "More errors of the same kind are not listed", hint: "Correct the errors listed above and run again",
    derive: /^另有 (?<more>\d+) 处同类错误未列出$/,
    withParams: (p) => (has(p, "more") ? `${plural(p["more"], "more error")} of the same kind not listed` : undefined),
  },
  E_NOT_TEXT: {
    message: "This is not a text file",
    hint: "Open the original sheet in Excel or WPS and “Save As” CSV UTF-8",
    withParams: (p) => (has(p, "char") ? `The file contains a control character (${p["char"]}); it is not a text file` : undefined),
  },
  E_NO_BALLOTS: {
    message: "There is no ballots file for this round", hint: "Put the round's ballots file (ballot by ballot) or counts file (hand-counted results) in the session folder",
    derive: /^没有第 (?<round>\d+) 轮的表决票文件$/,
    deriveHint: /^放入 (?<ballots>\S+)（逐票录入）或 (?<counts>\S+)（手工计票结果）$/,
    withParams: (p) => (has(p, "round") ? `There is no ballots file for round ${p["round"]}` : undefined),
    hintWithParams: (p) => (has(p, "ballots", "counts") ? `Put ${p["ballots"]} (ballot by ballot) or ${p["counts"]} (hand-counted results) in the session folder` : undefined),
  },
  E_NO_CANDIDATES: { message: "There are no candidates", hint: "Write one candidate per row" },
  E_NO_EVALUATIONS: { message: "There is no file with evaluation results", hint: "Add the forms file (one row per form) or the hand-summed counts file" },
  E_NO_PROJECTS: { message: "There are no projects to evaluate" },
  E_NO_RUNOFF: {
    message: "All results were decided already; no further round is needed",
    hint: "Run piaojue tally to see the results",
    withParams: (p) => (has(p, "round", "decided") ? `Rounds 1–${p["decided"]} decided every result; round ${p["round"]} is not needed` : undefined),
  },
  E_OUT_BUSY: { message: "Another piaojue is writing to this output folder", hint: "Wait for it to finish; if no other piaojue is running, delete the lock file" },
  E_PARENT_NESTED: {
    message: "A sub-item cannot have sub-items of its own", hint: "A sub-item can only belong to a top-level project",
    withParams: (p) => (has(p, "parent") ? `${q(p["parent"])} is itself a sub-item; a sub-item cannot have sub-items` : undefined),
  },
  E_PARENT_SELF: { message: "A project cannot be its own sub-item", hint: "Leave it empty or write the parent project's ID" },
  E_PARENT_UNKNOWN: {
    message: "The parent project is not the ID of any candidate", hint: "Write the ID of a parent project in this table, or leave it empty",
    withParams: (p) => (has(p, "parent") ? `Parent project ${q(p["parent"])} is not the ID of any candidate` : undefined),
  },
  E_PROJECT_ID: { message: "The project ID is empty", hint: "Write the project ID" },
  E_PROJECT_NAME: { message: "The project name is empty", hint: "Write the project name" },
  E_RESULT_VALUE: {
    message: "The result (结果) is not one a tally writes", hint: "The result must be “当选” (selected), “未当选” (not selected), “未过半数” (no majority) or “得票相等待再次票决” (tied, awaiting a further round)",
    withParams: (p) => (has(p, "value") ? `The result (结果) ${q(p["value"])} is not one a tally writes` : undefined),
  },
  E_ROUND_NOT_NEXT: {
    message: "This is not the next round",
    hint: "Run piaojue ballot for the next round",
    withParams: (p) => (has(p, "round", "next") ? `The next round is round ${p["next"]}, not round ${p["round"]}` : undefined),
    hintWithParams: (p) => (has(p, "next") ? `Run piaojue ballot --round ${p["next"]}` : undefined),
  },
  E_ROUND_TWICE: {
    message: "A round has both a ballots file and a counts file", hint: "A round is counted one way only: ballot by ballot or hand-counted results; remove one of them",
    derive: /^第 (?<round>\d+) 轮同时有 (?<ballots>\S+) 和 (?<counts>\S+)$/,
    withParams: (p) => (has(p, "round", "ballots", "counts") ? `Round ${p["round"]} has both ${p["ballots"]} and ${p["counts"]}` : undefined),
  },
  E_SESSION_SCHEMA: { message: "session.json is not in the expected format", withParams: schemaMessage },
  E_TRUNCATED: { message: "The file ends in the middle of a character", hint: "Save the original sheet again as CSV UTF-8, or copy the file again" },
  E_UNEXPECTED_ROUND: {
    message: "There is a file for a round that is not needed",
    hint: "Make sure the files are in the right session folder; move away round files that are not needed",
    withParams: (p) => {
      if (has(p, "round", "decided", "file")) return `Round ${p["decided"]} decided the result, so round ${p["round"]} is not needed, but the folder has ${p["file"]}`;
      if (has(p, "round", "next")) return `There are ballots for round ${p["round"]}, but the next round should be round ${p["next"]}`;
      if (has(p, "round", "decided")) return `There are ballots for round ${p["round"]}, but round ${p["decided"]} already decided the result`;
      return undefined;
    },
  },
  E_UNKNOWN_CANDIDATE: { message: "This ID is not a candidate of this round", hint: "Use the IDs of this round's candidates" },
  E_UNKNOWN_COLUMN: {
    message: "Unknown column",
    hint: "Use only the columns this file may have",
    // The ballots-file wording (the other wordings carry params from their call sites).
    derive: /^列“(?<column>.*)”不是任何(?<thisRound>本轮)?候选项目$/,
    deriveHint: /^本轮的列：(?<roundColumns>.*)（可用编号或完整的项目名称）$/,
    withParams: (p) => {
      if (!has(p, "column")) return undefined;
      if (p["round"] !== undefined) return `Column ${q(p["column"])} is not a candidate${p["round"] ? " of this round" : ""}`;
      if (p["roundColumns"] !== undefined || p["thisRound"] !== undefined) return `Column ${q(p["column"])} is not a candidate${p["thisRound"] ? " of this round" : ""}`;
      return `Unknown column ${q(p["column"])}`;
    },
    hintWithParams: (p) => {
      if (p["roundColumns"] !== undefined) return `This round's columns: ${String(p["roundColumns"]).replace(/、/g, ", ")} (by ID or full project name)`;
      if (!has(p, "expected")) return undefined;
      return p["round"] !== undefined ? `This round's columns: ${p["expected"]} (by ID or full project name)` : `Columns you can use: ${p["expected"]}`;
    },
  },
  E_UNKNOWN_KEY: {
    message: "Unknown key",
    hint: "Check the spelling: unknown keys are refused so that a misspelt rule does not silently do nothing",
    withParams: (p) => (has(p, "key") ? `Unknown key ${q(p["key"])}` : undefined),
  },
  E_USAGE: { message: "Usage error" },
  E_VOTE_VOID: { message: "The vote is void; there is no further round", hint: "Run piaojue tally to see why the vote is void" },
  E_WRITE: {
    message: "The output folder cannot be written",
    hint: "Fix the problem and run again",
    withParams: (p) => {
      const why: Record<string, string> = { ENOSPC: "the disk is full", EACCES: "no permission to write", EPERM: "no permission to write", EROFS: "the disk is read-only", ENOTDIR: "a file is in the way where a folder should be", EEXIST: "a file is in the way where a folder should be" };
      return has(p, "errno") ? `The output folder cannot be written (${why[String(p["errno"])] ?? `system error ${p["errno"]}`})` : undefined;
    },
  },
  W_AUDIT_VERSION: { message: "The files were written by another piaojue version; a different recount may be due to the version", hint: "Audit with the version that wrote the files" },
  W_COMPETITION: {
    message: "The competition rule (差额) is not met",
    hint: "The competition rule is not met, so the result may not be recognised; check the voting procedure of this session",
    withParams: competition,
  },
  W_EVAL_FEW_FORMS: {
    message: "A group has so few forms that anonymity is hard to keep", hint: "Evaluate together with another group, or do not publish this group's result separately",
    derive: /^组别“(?<group>.*)”只有 (?<forms>\d+) 份测评表，少于 (?<minimum>\d+) 份，难以保证无记名$/,
    withParams: (p) => (has(p, "group", "forms", "minimum") ? `Group ${q(p["group"])} has only ${plural(p["forms"], "form")}, fewer than ${p["minimum"]}: anonymity is hard to keep` : undefined),
  },
  W_EVAL_GROUP_NO_FORMS: {
    message: "A group has no forms; the combined result is reweighted over the other groups", hint: "If the group was evaluated, add its forms",
    derive: /^组别“(?<group>.*)”没有测评表，综合结果按其余组别的权重重新折算$/,
    withParams: (p) => (has(p, "group") ? `Group ${q(p["group"])} has no forms; the combined result is reweighted over the other groups` : undefined),
  },
  W_EVAL_PROJECT_NOT_LISTED: { message: "A column or row is not a project in the project list and was not counted", hint: "Make sure projects in evaluation.json points to the right project list" },
  W_EVAL_PROJECT_NO_FORMS: {
    message: "A project has no evaluation results from any group", hint: "Add rows for the project, or remove it from the project list",
    derive: /^项目“(?<project>.*)”没有任何组别的测评结果$/,
    withParams: (p) => (has(p, "project") ? `Project ${q(p["project"])} has no evaluation results from any group` : undefined),
  },
  W_EVAL_TOTALS_DIFFER: { message: "A project's number of forms differs from most projects of its group", hint: "Check the summary sheet: within a group the totals of all projects should be equal" },
  W_INCOMPLETE_CANDIDATE: {
    message: "A candidate's description is incomplete",
    hint: "A candidate should state its background, content, area, implementer, budget, funding, deadline and target, so the vote is not on a vague bundle",
    withParams: (p) => (has(p, "id", "name", "missing") ? `Candidate ${q(`${p["id"]} ${p["name"]}`)} lacks: ${p["missing"]}` : undefined),
  },
  W_INDICATOR_PROJECT_NOT_LISTED: { message: "An indicator's ID is not a project in the project list and was not counted", hint: "Check the ID, or make sure projects in evaluation.json points to the right project list" },
  W_ISSUED_EXCEEDS_PRESENT: {
    message: "More ballots were issued than deputies are present",
    hint: "Check the number issued: each deputy present receives one ballot",
    withParams: (p) => (has(p, "round", "issued", "present") ? `Round ${p["round"]}: ${plural(p["issued"], "ballot")} issued, more than the ${p["present"]} deputies present` : undefined),
  },
  W_JOURNAL_TORN: { message: "The last record of the entry journal was incomplete and was dropped", hint: "Check the entered count on screen and continue with the next ballot" },
  W_MORE_NOTES: {
    message: "More notes of the same kind are not listed",
    derive: /^另有 (?<more>\d+) 条同类提示未列出$/,
    withParams: (p) => (has(p, "more") ? `${plural(p["more"], "more note")} of the same kind not listed` : undefined),
  },
  W_SEATS_UNFILLED: {
    message: "Seats in the runoff stay unfilled: no project reached the votes needed",
    withParams: (p) => (has(p, "round", "unfilled", "needed") ? `Round ${p["round"]}: for ${plural(p["unfilled"], "seat")} no project reached the ${p["needed"]} votes needed; fewer projects are selected than the number to select` : undefined),
  },
  W_SHORTFALL_ACCEPTED: {
    message: "Fewer projects have a majority than the number to select; fewer are selected (accept-fewer)",
    withParams: (p) => (has(p, "qualified", "formal") ? `Only ${plural(p["qualified"], "project")} ${Number(p["qualified"]) === 1 ? "has" : "have"} a majority, fewer than the ${p["formal"]} to select; by the procedure (accept-fewer) ${p["qualified"]} ${Number(p["qualified"]) === 1 ? "is" : "are"} selected` : undefined),
  },
  W_UNREADABLE_AS_ABSTAIN: {
    message: "A mark cannot be read and counts as an abstention",
    derive: /^第 (?<line>\d+) 行“(?<candidate>.*)”的符号“(?<mark>.*)”无法辨认，按弃权计$/,
    withParams: (p) => (has(p, "line", "candidate", "mark") ? `Line ${p["line"]}: the mark ${q(p["mark"])} for ${q(p["candidate"])} cannot be read; counted as an abstention` : undefined),
  },
  W_UNREADABLE_MARK: {
    message: "A mark cannot be read, so the ballot is void",
    derive: /^第 (?<line>\d+) 行“(?<candidate>.*)”的符号“(?<mark>.*)”无法辨认，该票无效$/,
    withParams: (p) => (has(p, "line", "candidate", "mark") ? `Line ${p["line"]}: the mark ${q(p["mark"])} for ${q(p["candidate"])} cannot be read; the ballot is void` : undefined),
  },
};

const FIELD_EN: Record<string, string> = { id: "ID", name: "Project name", budget: "Budget", deadline: "Deadline" };

/** A candidate field's problem: “Budget “abc”: the budget must be …”. */
function fieldMessage(p: Params): string | undefined {
  const reason = FIXED[String(p["reason"] ?? "")];
  if (!reason || !has(p, "field")) return undefined;
  const field = FIELD_EN[String(p["field"])] ?? String(p["field"]);
  const text = p["value"] === "" || p["value"] === undefined ? reason : `${field} ${q(p["value"])}: ${reason}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function jsonSyntax(p: Params): string | undefined {
  const found = String(p["found"] ?? "");
  const fullWidth = /[\u3000-\u303f\uff01-\uff5e“”‘’]/.test(found) ? ` (${q(found)} is a full-width character; JSON punctuation and digits must be half-width, typed with the English input method)` : "";
  switch (p["expected"]) {
    case "depth": return `Nested more than ${p["limit"]} levels deep`;
    case "key": return `Expected a key in double quotes here${fullWidth}`;
    case "colon": return `Expected a colon after the key${fullWidth}`;
    case "comma-brace": return `Expected a comma or } here${fullWidth}`;
    case "comma-bracket": return `Expected a comma or ] here${fullWidth}`;
    case "value": return `Unrecognised content ${q(found)}${fullWidth}`;
    case "number": return `The number ${q(found)} is out of range`;
    default: return undefined;
  }
}

/** The `${file} 必须是合法的 JSON` hint (its only varying hint). */
const JSON_HINT = /^(?<file>.+) 必须是合法的 JSON$/;

/** Messages of a command's failure (Outcome.error.message) that are fixed sentences. */
const OUTCOME_MESSAGES: Record<string, string> = {
  "输入有误，未写出任何文件": "Invalid input; nothing was written",
  "检查未通过": "Check failed",
  "无法写出结果": "Could not write the results",
  "不符合差额规则，未印制表决票": "The competition rule is not met; no ballot was printed",
  "会议文件夹已有 session.json": "The session folder already has a session.json",
  "录入记录损坏": "The entry journal is damaged",
  "录入记录无法接续": "The entry journal cannot be resumed",
  "这次录入正在别处进行": "This entry is in progress elsewhere",
  "核查未能进行": "The audit could not be carried out",
  "核查未能进行：audit.json 无法读取": "The audit could not be carried out: audit.json cannot be read",
  "核查未能进行：audit.json 格式不对": "The audit could not be carried out: audit.json is malformed",
  "piaojue enter 需要键盘输入（在终端里运行）": "piaojue enter needs keyboard input (run it in a terminal)",
};

export function englishOutcomeMessage(message: string): string {
  return OUTCOME_MESSAGES[message] ?? message;
}

function paramsOf(d: Diagnostic & { message: string }, entry: EnglishEntry | undefined): Params | undefined {
  if (Object.keys(d.params).length > 0) return d.params as Params;
  const m = entry?.derive?.exec(d.message)?.groups;
  const h = d.hint === undefined ? undefined : entry?.deriveHint?.exec(d.hint)?.groups;
  return m || h ? { ...h, ...m } : undefined;
}

/** The diagnostic's message and hint in English (see the top of this file for how). */
export function englishDiagnostic(d: Diagnostic & { message: string }): { message: string; hint?: string } {
  const entry = MESSAGES_EN[d.code];
  const params = paramsOf(d, entry);
  const message = (params && entry?.withParams?.(params)) ?? FIXED[d.message] ?? (entry ? `${entry.message} (${d.message})` : d.message);
  if (d.hint === undefined) return { message: cap(message) };
  const jsonHint = JSON_HINT.exec(d.hint);
  const hint = (params && entry?.hintWithParams?.(params)) ?? FIXED[d.hint]
    ?? (jsonHint ? `${jsonHint.groups!["file"]} must be valid JSON` : entry?.hint ? `${entry.hint} (${d.hint})` : d.hint);
  return { message: cap(message), hint: cap(hint) };
}

// batch and verify (commands/batch.ts, commands/verify.ts).
Object.assign(FIXED, {
  "这不是文件夹": "This is not a folder",
  "文件夹不存在": "The folder does not exist",
  "给出存放各会议文件夹的上级文件夹，例如 piaojue batch 2026年各镇": "Give the folder that holds the session folders, e.g. piaojue batch 2026-townships",
  "这个文件夹下没有会议文件夹（含 session.json 的文件夹）": "There is no session folder (a folder with session.json) under this folder",
  "每个会议一个文件夹，内有 session.json、candidates.csv 和 ballots.csv；out 文件夹和以“.”开头的文件夹不查找": "One folder per session, with session.json, candidates.csv and ballots.csv; out folders and folders starting with “.” are not searched",
  "找不到这个场景文件夹": "This scenario folder cannot be found",
  "场景应是文件夹（内有 session.json 和 expected.json）": "A scenario is a folder (with session.json and expected.json)",
  "给出场景文件夹，或存放多个场景的上级文件夹": "Give a scenario folder, or a folder that holds scenarios",
  "这个文件夹下没有场景（含 expected.json 的文件夹）": "There is no scenario (a folder with expected.json) under this folder",
  "每个场景一个文件夹：会议文件（session.json、candidates.csv、ballots.csv）加上 expected.json": "One folder per scenario: the session files (session.json, candidates.csv, ballots.csv) plus expected.json",
  "场景缺少 expected.json": "The scenario has no expected.json",
  "写出期望的结果，例如 {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}（tally --json 的 data 的一部分）": "Write the expected result, e.g. {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]} (a part of the data of tally --json)",
  "expected.json 应是一个对象": "expected.json must be an object",
  "例如 {\"exitCode\": 4, \"runoff\": {\"reason\": \"tie\"}}": "For example {\"exitCode\": 4, \"runoff\": {\"reason\": \"tie\"}}",
});
Object.assign(MESSAGES_EN, {
  E_BATCH_INVALID: { message: "Some sessions could not be counted and were skipped; the others were counted and written" },
  E_NO_SESSIONS: { message: "There is no session folder under this folder", hint: "One folder per session, with session.json, candidates.csv and ballots.csv" },
  E_NO_SCENARIOS: { message: "There is no scenario under this folder", hint: "One folder per scenario: the session files plus expected.json" },
  E_EXPECTED: { message: "expected.json must be an object" },
  E_VERIFY_MISMATCH: { message: "Some scenarios differ from their expected.json" },
} satisfies Record<string, EnglishEntry>);
Object.assign(OUTCOME_MESSAGES, { "场景有误，没有运行": "The scenarios are wrong; nothing was run" });

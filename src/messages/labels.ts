// Chinese labels and notes that output files and screens print, by key: words rather than rules, so they
// live beside the message catalogues and not in the core (the 结果 values 当选/未当选 stay in the core: a
// results.csv is read back by them).
import type { VoidReason } from "../core/ballots.js";
import { ANONYMITY_MINIMUM } from "../core/evaluate.js";

/** Why a ballot is void, as summary.csv's rows, the 公告 and the entry screen name it. */
export const VOID_REASON_LABELS: Record<VoidReason, string> = {
  "marked-void": "宣布作废",
  unreadable: "符号无法辨认",
  "over-approval": "赞成超过限选数",
  blank: "空白票",
};

/** The note under figures resting on fewer than ANONYMITY_MINIMUM forms. */
export const FEW_FORMS_NOTE = `测评票少于 ${ANONYMITY_MINIMUM} 份，难以保证匿名，结果仅供参考`;

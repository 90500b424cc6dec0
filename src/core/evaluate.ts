// Satisfaction evaluation (SPEC §8), split by concern under evaluate/: evaluation.json (config), the
// project list (projects), forms (forms), hand counts (counts), indicators (indicators), the figures
// (scores) and their serialisation (serialise). Every ratio is an exact fraction (exact).
export { COMBINED_LABEL, type RateBase, type EvaluationConfig, parseEvaluationConfig } from "./evaluate/config.js";
export { type EvaluatedProject, type ProjectList, parseProjectList } from "./evaluate/projects.js";
export { type EvaluationCounts, resolveFormHeader, EvaluationTally, countFormTable } from "./evaluate/forms.js";
export { parseEvaluationCounts } from "./evaluate/counts.js";
export { type Indicator, parseQuantity, parseIndicators, completionOf, indicatorRatio } from "./evaluate/indicators.js";
export { decimalText } from "./evaluate/exact.js";
export {
  type EvaluationResult, gradeOf, ANONYMITY_MINIMUM, isFewForms, countsDiagnostics, evaluateSatisfaction,
} from "./evaluate/scores.js";
export {
  evaluationJson, type EvaluationData, percentText, scoreText, SATISFACTION_HEADER, satisfactionRows,
  satisfactionRowsFewForms, fewFormsRows,
} from "./evaluate/serialise.js";

import { headlineOf } from "./report/headline.ts";
import { appendStepRecord, type Attachment } from "./report/step-log.ts";

/** Which step of which scenario (Jest's test) this is. */
export interface StepPlace {
  testPath: string;
  testName: string;
  index: number;
}

/** What a scenario's world offers the steps' recorder. */
export interface Witness {
  /** What the step's checks attached since the last call (the artefacts they looked at). */
  takeAttachments(): Attachment[];
  /** What the system holds about the scenario's orders, gathered right after a failure. */
  diagnose(): Promise<Attachment[]>;
}

/** Diagnostics must not eat the scenario's own time limit, whose timeout would hide the failure. */
export const DIAGNOSIS_MS = 5_000;
/** A report is read in a browser; a huge log would only bury the rest. */
const MAX_BODY = 64 * 1024;

function bounded(attachment: Attachment): Attachment {
  if (attachment.body.length <= MAX_BODY) return attachment;
  const cut = attachment.body.length - MAX_BODY;
  return {
    ...attachment,
    body: `${attachment.body.slice(0, MAX_BODY)}\n… (${cut} more characters)`,
  };
}

async function diagnosed(witness: Witness, limitMs: number): Promise<Attachment[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`they took longer than ${limitMs / 1000} s`)),
      limitMs,
    );
  });
  try {
    return await Promise.race([witness.diagnose(), deadline]);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [{ name: "diagnostics", mediaType: "text/plain", body: `no diagnostics: ${why}` }];
  } finally {
    clearTimeout(timer);
  }
}

async function recordFailure(
  place: StepPlace,
  witness: Witness,
  error: unknown,
  timing: { startedAt: number; durationMs: number },
  diagnosisMs: number,
): Promise<void> {
  const attachments = [...witness.takeAttachments(), ...(await diagnosed(witness, diagnosisMs))];
  appendStepRecord({
    ...place,
    ...timing,
    status: "failed",
    message: error instanceof Error ? error.message : String(error),
    headline: headlineOf(error),
    attachments: attachments.map(bounded),
  });
}

/**
 * Runs one step and records its outcome for the report (src/harness/report): status, duration,
 * what it attached, and after a failure a headline and the diagnostics. The step's own error
 * is always the one that propagates; nothing here may replace or delay it for long.
 */
export async function runStep(
  place: StepPlace,
  witness: Witness,
  body: () => unknown,
  diagnosisMs = DIAGNOSIS_MS,
): Promise<void> {
  const startedAt = Date.now();
  const started = performance.now();
  try {
    await body();
  } catch (error) {
    const durationMs = performance.now() - started;
    await recordFailure(place, witness, error, { startedAt, durationMs }, diagnosisMs).catch(
      (e: unknown) =>
        process.stderr.write(
          `the failed step could not be recorded for the report: ${String(e)}\n`,
        ),
    );
    throw error;
  }
  const attachments = witness.takeAttachments().map(bounded);
  appendStepRecord({
    ...place,
    status: "passed",
    startedAt,
    durationMs: performance.now() - started,
    ...(attachments.length > 0 ? { attachments } : {}),
  });
}

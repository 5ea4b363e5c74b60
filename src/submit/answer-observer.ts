/** One POST's answer as it was recorded, for whoever counts them (`serve`'s metrics). */
export interface RecordedAnswer {
  /** What the attempt log says of it: sent, refused, released, retry, split, bisect. */
  readonly outcome: string;
  /** The HTTP status, or null when no answer came (network error, timeout). */
  readonly status: number | null;
  /** How many children the POST carried. */
  readonly children: number;
  /** What became of them: accepted, refused (now error), not taken (pending again); the rest go on (a retry, a half of a split). */
  readonly fates: { readonly sent: number; readonly refused: number; readonly notTaken: number };
  /** For each child accepted, seconds from about its oldest change's commit to this answer (SubmissionStore.record). */
  readonly acceptedWaits: readonly number[];
}

/** Told of every POST's answer once it is recorded; must not throw. */
export type AnswerObserver = (answer: RecordedAnswer) => void;

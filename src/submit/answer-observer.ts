/** One POST's answer as it was recorded, for whoever counts them (`serve`'s metrics). */
export interface RecordedAnswer {
  /** What the attempt log says of it: sent, refused, released, retry, split, bisect. */
  readonly outcome: string;
  /** The HTTP status, or null when no answer came (network error, timeout). */
  readonly status: number | null;
  /** How many children the POST carried. */
  readonly children: number;
}

/** Told of every POST's answer once it is recorded; must not throw. */
export type AnswerObserver = (answer: RecordedAnswer) => void;

import type { ChildRows } from './child-rows.js';
import { builtInCodeLookup, type CodeLookup } from './code-lookup.js';
import type { DocumentProblem } from './document-problem.js';
import type { ReportingWindow } from './reporting-window.js';
import { watchWindow, type WindowWatch } from './window-watch.js';

/**
 * What every section and episode part receives: the child's rows, the window, and a place to
 * report problems. One context per document, so problems never leak between children.
 */
export interface BuildContext {
  /** The child's SSD rows, grouped by table. */
  readonly rows: ChildRows;
  /**
   * The reporting window the document is built for, asked only through comparisons so the
   * build learns the first day its answers (and so the document) could change by time alone.
   */
  readonly window: WindowWatch;
  /** Turns coded SSD values (descriptions in some variants) into API codes. */
  readonly codes: CodeLookup;
  /** Problems reported so far, in report order. */
  readonly problems: readonly DocumentProblem[];
  /** Records a problem against the document. */
  report(problem: DocumentProblem): void;
}

/** A fresh context with no problems, watching the window afresh. */
export function createBuildContext(rows: ChildRows, window: ReportingWindow, codes: CodeLookup = builtInCodeLookup()): BuildContext {
  const problems: DocumentProblem[] = [];
  return { rows, window: watchWindow(window), codes, problems, report: (problem) => void problems.push(problem) };
}

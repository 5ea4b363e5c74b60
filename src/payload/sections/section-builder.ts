import type { BuildContext } from '../build-context.js';
import type { ChildDocument } from '../child-document.js';
import type { Nullable } from '../compact.js';

/**
 * Builds one or more top-level keys of the child document. The builder merges what each
 * section returns and compacts the result, so a section may return null or an empty list for
 * "leave it out". New blocks (e.g. `health_and_wellbeing`) are new sections, not edits.
 */
export type SectionBuilder = (ctx: BuildContext) => Nullable<Partial<ChildDocument>>;

import type { SsdValue } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { CodeField } from '../code-lists.js';
import { cleanText } from '../field-conversions.js';

/**
 * The API code of a coded SSD value (code-lookup.ts), or null. A value that maps to no code is
 * left out with a warning at `path`, naming the config key that would map it; `who` starts the
 * detail (e.g. `placement P1: `).
 */
export function codedValue(ctx: BuildContext, field: CodeField, value: SsdValue, path: string, who = ''): string | null {
  const { code, unmapped } = ctx.codes.match(field, value);
  if (unmapped) {
    const text = cleanText(value) ?? '';
    ctx.report({
      path,
      rule: 'code',
      severity: 'warning',
      detail: `${who}value (length ${text.length}) is not a code, a code and its description, or a known description; left out (map it in payload.codes.${field})`,
      unmapped: { field, text },
    });
  }
  return code;
}

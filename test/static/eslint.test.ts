import { expect } from 'chai';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

/** Problems ESLint (eslint.config.js) finds in `code` as if it were the file at `path`. */
async function problems(eslint: ESLint, path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(PACKAGE_ROOT, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('ESLint: the layers and the dialect seam (eslint.config.js)', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: PACKAGE_ROOT });

  it('finds nothing in src', async () => {
    const results = await eslint.lintFiles(['src']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(PACKAGE_ROOT.length + 1)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(found).to.deep.equal([]);
    expect(results.length, 'files linted').to.be.greaterThan(200);
  });

  it('refuses an adapter imported outside src/source, statically or when asked for', async () => {
    expect(await problems(eslint, 'src/pipeline/x.ts', "import { openPglite } from '../source/postgres/pglite-connection.js';\n")).to.have.length(1);
    expect((await problems(eslint, 'src/cli/x.ts', "export const load = () => import('../source/mssql/install-script.js');\n"))[0]).to.match(/no-restricted-syntax: the dialect seam/);
    expect(await problems(eslint, 'src/cli/x.ts', "import type { Source } from '../source/source.js';\nimport { createSource } from '../source/create-source.js';\n")).to.deep.equal([]);
  });

  it('lets src/source reach both adapters, and neither adapter the other', async () => {
    expect(await problems(eslint, 'src/source/x.ts', "export const load = () => import('./mssql/open-mssql.js');\nimport { openPglite } from './postgres/pglite-connection.js';\n")).to.deep.equal([]);
    expect(await problems(eslint, 'src/source/postgres/x.ts', "import { param } from '../mssql/mssql-connection.js';\n")).to.have.length(1);
    expect(await problems(eslint, 'src/source/mssql/x.ts', "import type { PgQueryable } from '../postgres/pg-connection.js';\n")).to.have.length(1);
  });

  it('keeps the SSD writer to seed, simulate and the demo: capture, the pipeline, sending and serving never reach it', async () => {
    expect((await problems(eslint, 'src/pipeline/x.ts', "import { ssdWriterOf } from '../source/ssd-writer.js';\n"))[0]).to.match(/only seed, simulate and the demo/);
    expect(await problems(eslint, 'src/serve/x.ts', "export const load = () => import('../source/ssd-writer.js');\n")).to.have.length(1);
    expect(await problems(eslint, 'src/serve/x.ts', "import { openPglite } from '../source/postgres/pglite-connection.js';\n"), 'the seam still holds there').to.have.length(1);
    expect(await problems(eslint, 'src/cli/seed-command.ts', "import { ssdWriterOf } from '../source/ssd-writer.js';\n")).to.deep.equal([]);
    expect(await problems(eslint, 'src/cli/run-command.ts', "import { ssdWriterOf } from '../source/ssd-writer.js';\n"), 'the commands that run and serve').to.have.length(1);
    expect(await problems(eslint, 'src/serve/x.ts', "import { seedIfEmpty } from '../cli/seed-command.js';\n"), 'through a command that seeds').to.have.length(1);
    expect((await problems(eslint, 'src/serve/x.ts', "const m = 'ssd-writer';\nexport const load = () => import(`../source/${m}.js`);\n"))[0], 'an import() no pattern can read').to.match(/by a plain string/);
  });

  it('keeps the stores written once: src/source/stores reaches the SQL runner, never an adapter', async () => {
    expect(await problems(eslint, 'src/source/stores/x.ts', "import { param, type SqlRunner } from '../sql-runner.js';\n")).to.deep.equal([]);
    expect((await problems(eslint, 'src/source/stores/x.ts', "import type { PgConnection } from '../postgres/pg-connection.js';\n"))[0]).to.match(/written once/);
    expect(await problems(eslint, 'src/source/stores/x.ts', "export const load = () => import('../mssql/mssql-connection.js');\n")).to.have.length(1);
    expect(await problems(eslint, 'src/source/stores/x.ts', "import { openPglite } from '../../source/postgres/pglite-connection.js';\n"), 'by a longer path').to.have.length(1);
  });

  it('keeps stream definitions at the bottom and src/source below capture and the pipeline', async () => {
    expect(await problems(eslint, 'src/streams/x.ts', "import { ConfigError } from '../core/errors.js';\n")).to.deep.equal([]);
    expect((await problems(eslint, 'src/streams/x.ts', "import type { Source } from '../source/source.js';\n"))[0]).to.match(/bottom layer/);
    expect((await problems(eslint, 'src/source/x.ts', "import { touchChildren } from '../capture/touch-children.js';\n"))[0]).to.match(/src\/source is below/);
    expect(await problems(eslint, 'src/source/postgres/x.ts', "export const load = () => import('../../pipeline/run-cycle.js');\nimport { param } from '../mssql/mssql-connection.js';\n")).to.have.length(2);
    expect(await problems(eslint, 'src/source/postgres/x.ts', "import type { StreamDefinition } from '../../streams/stream-definition.js';\nimport type { Config } from '../../config/config-schema.js';\nimport { sqlFile } from '../sql-file.js';\n")).to.deep.equal([]);
    expect(await problems(eslint, 'src/capture/x.ts', "import type { ChangeBatch } from '../source/source.js';\nimport type { StreamDefinition } from '../streams/stream-definition.js';\n")).to.deep.equal([]);
  });
});

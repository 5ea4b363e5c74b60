// Mocha reporter: the usual spec output, plus a JSON summary in test-results.json that
// .ci/run turns into the closing "N passed, N failed" line CI reads.
'use strict';
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err && err.message) }));
    runner.once('end', () => {
      const s = runner.stats || {};
      const summary = { passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0, tests: s.tests || 0, duration: s.duration || 0, failed: failures };
      writeFileSync(process.env.SSD_DELTA_TEST_RESULTS || 'test-results.json', `${JSON.stringify(summary, null, 2)}\n`);
    });
  }
}

module.exports = SummaryReporter;

'use strict';
// Cucumber loads a formatter with import(), which takes no TypeScript: this CommonJS entry loads
// the Allure formatter (allure-reporter.ts) with require(), which ts-node compiles (registered by
// bin/tipc-conformance.js, or by node --require ts-node/register in the tests).
module.exports = require('./allure-reporter.ts');

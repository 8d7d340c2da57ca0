'use strict';
// A cucumber plugin (the `plugins` of runCucumber's configuration), for runs with --parallel only:
// hands out the scenarios tagged @long first (longFirst, parallel.ts). Cucumber import()s a plugin,
// which takes no TypeScript: this CommonJS entry require()s parallel.ts, which ts-node compiles.
const { longFirst } = require('./parallel.ts');

module.exports = {
  type: 'plugin',
  coordinator: async ({ transform }) => {
    transform('pickles:order', async (pickles) => longFirst(pickles));
  },
};

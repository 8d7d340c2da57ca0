// For Stryker only (npm run mutation): its cucumber runner reads cucumber's configuration file and
// asks for the `mutation` profile (stryker.config.json). `tipc-conformance run` never reads this
// file; the profile is what it builds for `run --iut reference --seed 1` (cli/mutation.ts).
require('ts-node/register');
const { mutationProfile } = require('./cli/mutation');

module.exports = {
  default: async () => ({ mutation: await mutationProfile(process.cwd()) }),
};

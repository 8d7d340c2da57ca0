/** The help's prose of `report open` (cli/report-open.ts). */
import { PROGRAM } from '../harness/package-info';

export const REPORT_OPEN_DESCRIPTION = `Serves a generated Allure report over HTTP and prints its address. The report loads its data
with fetch(), which a browser refuses for a page opened from disk (file://), so index.html
opened directly stays on "Loading". This runs allure-commandline's 'allure open' (it needs
Java), which also tries to open a browser, until Ctrl-C. DIR is a run's --out folder, whose
allure-report/ is served, or a report folder itself (default: reports).`;

export function reportOpenHelpAfter(): string {
  return `
Examples:
  ${PROGRAM} report open                 # reports/allure-report, the default run's
  ${PROGRAM} report open /tmp/cert --port 8080
  ${PROGRAM} report open merged/allure-report --host 0.0.0.0

Exit codes: 0 stopped with Ctrl-C (or SIGTERM); 2 usage error (no such folder, no report in it,
a bad --port), Java missing, or the server could not start or stopped by itself.
`;
}

/** The folder `report open DIR` serves (cli/report-open.ts), checked when the arguments are parsed. */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ALLURE_REPORT_DIR } from './allure';

/**
 * The report folder DIR names: DIR itself when it holds index.html, else DIR/allure-report (DIR
 * is then a run's --out); a problem text when neither holds a report.
 */
export function reportFolder(dir: string): string | { readonly problem: string } {
  const isDir = (p: string): boolean => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (!isDir(dir)) return { problem: `no such folder '${dir}'` };
  for (const folder of [dir, path.join(dir, ALLURE_REPORT_DIR)]) if (existsSync(path.join(folder, 'index.html'))) return folder;
  return {
    problem: `no Allure report in '${dir}': neither it nor ${path.join(dir, ALLURE_REPORT_DIR)} holds an index.html (a run with --no-report makes none; 'allure generate' or a run without it does)`,
  };
}


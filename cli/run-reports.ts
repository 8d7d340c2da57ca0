/**
 * messages.ndjson, cucumber.html and junit.xml, written by the run from cucumber's messages
 * (runCucumber's onMessage) rather than by cucumber's formatters: junit.xml with the library
 * cucumber's formatter uses (@cucumber/junit-xml-formatter's printer), cucumber.html from
 * @cucumber/html-formatter's template and assets (HtmlReport says why not through its stream).
 * Cucumber ends its formatters only when its run ends; a run stopped by a signal never gets there,
 * and its junit.xml was left empty, its cucumber.html cut. Here the run can end them itself: on
 * a signal, each report is closed with what had finished and a testRunFinished that says why the
 * run stopped.
 *
 * A scenario's messages are held until it finishes, then written together, so that every report
 * holds whole scenarios: the one in hand when the run stopped is in none (JUnit would have called
 * it passed, for no step of it had failed yet). In a run in one process that changes no order.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import type { Envelope } from '@cucumber/messages';

/**
 * Bytes a report holds in memory before it writes them (besides the message in hand). The
 * reports are written as the messages come, with synchronous writes: cucumber sends a pickle and
 * a test case for every scenario before the first one runs (200,000 messages for an Outline of
 * 100,000 rows), in one go. Through write streams they were queued in memory and written during
 * the scenarios (cucumber.html, whose stream writes nothing until it has read its template, had
 * 20 MB of an Outline of 10,000 rows queued when the first scenario ran, and caught up 400
 * scenarios later), so that the first scenarios' cost grew with the plan. Now the start-up pays
 * for its own messages, and memory holds a block.
 */
export const REPORT_BLOCK_BYTES = 64 * 1024;

/** The scenario a message belongs to (its test case started id), if it belongs to one. */
function caseOf(e: Envelope): string | undefined {
  return (
    e.testCaseStarted?.id ??
    e.testStepStarted?.testCaseStartedId ??
    e.testStepFinished?.testCaseStartedId ??
    e.testCaseFinished?.testCaseStartedId ??
    e.attachment?.testCaseStartedId
  );
}

/** A report file written synchronously in blocks, and the first error writing it met (it writes no more then). */
class ReportFile {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  error?: Error;

  constructor(
    readonly name: string,
    file: string,
  ) {
    try {
      this.fd = openSync(file, 'w');
    } catch (error: unknown) {
      this.fail(error);
    }
  }

  write(text: string): void {
    if (this.fd === undefined) return;
    this.pending.push(text);
    this.pendingBytes += Buffer.byteLength(text, 'utf8');
    if (this.pendingBytes >= REPORT_BLOCK_BYTES) this.flush();
  }

  /** Writes what it holds. */
  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
    } catch (error: unknown) {
      this.fail(error);
    }
  }

  close(): void {
    this.flush();
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch (error: unknown) {
      this.error ??= error instanceof Error ? error : new Error(String(error));
    }
    this.fd = undefined;
  }

  private fail(error: unknown): void {
    this.error ??= error instanceof Error ? error : new Error(String(error));
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // the first error is the one to report
      }
    }
    this.fd = undefined;
    this.pending = [];
  }
}

/**
 * cucumber.html as @cucumber/html-formatter's CucumberHtmlStream writes it, from the same template
 * and assets of that package: the page's head, the messages' JSON, comma-separated with "<" as
 * "\x3C", then the page's script. By hand because that stream writes nothing until it has read its
 * template asynchronously, after the first message (see REPORT_BLOCK_BYTES);
 * test/run-reports.test.ts checks that both write the same bytes.
 */
class HtmlReport {
  private readonly template: string;
  private readonly dir: string;
  private first = true;

  constructor(private readonly file: ReportFile) {
    // the package's main module is dist/src/index.js: the template and icon are beside it, the CSS and script one folder up
    this.dir = path.dirname(require.resolve('@cucumber/html-formatter'));
    this.template = this.read('index.mustache');
    file.write(this.between(undefined, '{{title}}') + 'Cucumber' + this.between('{{title}}', '{{icon}}') + this.read('icon.url'));
    file.write(this.between('{{icon}}', '{{css}}') + this.read(path.join('..', 'main.css')) + this.between('{{css}}', '{{custom_css}}'));
    file.write(this.between('{{custom_css}}', '{{messages}}'));
  }

  /** A message, as JSON. */
  message(json: string): void {
    this.file.write(`${this.first ? '' : ','}${json.replace(/</g, '\\x3C')}`);
    this.first = false;
  }

  end(): void {
    this.file.write(this.between('{{messages}}', '{{script}}') + this.read(path.join('..', 'main.js')));
    this.file.write(this.between('{{script}}', '{{custom_script}}') + this.between('{{custom_script}}', undefined));
  }

  /** The template's text after `begin` (from its start when undefined) up to `end` (to its end). */
  private between(begin: string | undefined, end: string | undefined): string {
    const from = begin === undefined ? 0 : this.template.indexOf(begin) + begin.length;
    return this.template.substring(from, end === undefined ? this.template.length : this.template.indexOf(end));
  }

  private read(name: string): string {
    return readFileSync(path.join(this.dir, name), 'utf8');
  }
}

export class RunReports {
  private readonly files: ReportFile[] = [];
  private readonly ndjson: ReportFile;
  private readonly html: HtmlReport;
  private readonly junit: JUnitXmlPrinter;
  /** Messages of the scenarios started and not finished, by test case started id. */
  private readonly held = new Map<string, Envelope[]>();
  private testRunStartedId: string | undefined;
  private runFinished = false;
  private closed = false;

  constructor(files: { readonly messages: string; readonly html: string; readonly junit: string }, suiteName: string) {
    this.ndjson = this.file(files.messages);
    this.html = new HtmlReport(this.file(files.html));
    const junit = this.file(files.junit);
    this.junit = new JUnitXmlPrinter({ suiteName }, (text: string) => junit.write(text));
  }

  /** Every message of the run, in order; none after close(). */
  readonly onEnvelope = (e: Envelope): void => {
    if (this.closed) return;
    const id = caseOf(e);
    if (id === undefined) {
      if (e.testRunStarted) this.testRunStartedId = e.testRunStarted.id;
      if (e.testRunFinished) this.runFinished = true;
      this.write(e);
      return;
    }
    const mine = this.held.get(id) ?? [];
    mine.push(e);
    if (!e.testCaseFinished) {
      this.held.set(id, mine);
      return;
    }
    this.held.delete(id);
    for (const m of mine) this.write(m);
    // a finished scenario is on disk: a run killed outright (a second signal) keeps it
    for (const f of this.files) f.flush();
  };

  /**
   * Ends the reports. A run that did not finish (`stopped`: why, e.g. "interrupted by SIGINT")
   * gets a testRunFinished that says so, unsuccessful; the scenarios in hand are left out.
   * Resolves with the problems met writing them, one line each.
   */
  close(stopped?: string): Promise<string[]> {
    if (this.closed) return Promise.resolve([]);
    if (!this.runFinished) {
      const now = Date.now();
      this.write({
        testRunFinished: {
          success: false,
          timestamp: { seconds: Math.floor(now / 1000), nanos: (now % 1000) * 1e6 },
          message: stopped ?? 'the run did not finish',
          ...(this.testRunStartedId !== undefined ? { testRunStartedId: this.testRunStartedId } : {}),
        },
      });
    }
    this.closed = true;
    this.held.clear();
    this.html.end();
    for (const f of this.files) f.close();
    // a promise, as when the reports were streams: run.ts awaits it
    return Promise.resolve(this.files.flatMap((f) => (f.error === undefined ? [] : [`could not write ${f.name}: ${f.error.message}`])));
  }

  private write(e: Envelope): void {
    const json = JSON.stringify(e);
    this.ndjson.write(`${json}\n`);
    this.html.message(json);
    this.junit.update(e);
  }

  private file(name: string): ReportFile {
    const file = new ReportFile(path.basename(name), name);
    this.files.push(file);
    return file;
  }
}

/**
 * messages.ndjson, cucumber.html and junit.xml, written by the run from cucumber's messages
 * (runCucumber's onMessage) with the libraries cucumber's own formatters use (@cucumber/html-
 * formatter's stream, @cucumber/junit-xml-formatter's printer), rather than by those formatters.
 * Cucumber ends its formatters only when its run ends; a run stopped by a signal never gets there,
 * and its junit.xml was left empty, its cucumber.html cut. Here the run can end them itself: on
 * a signal, each report is closed with what had finished and a testRunFinished that says why the
 * run stopped.
 *
 * A scenario's messages are held until it finishes, then written together, so that every report
 * holds whole scenarios: the one in hand when the run stopped is in none (JUnit would have called
 * it passed, for no step of it had failed yet). In a run in one process that changes no order.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import type { Envelope } from '@cucumber/messages';

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

/** A report file and the first error writing it met. */
interface Sink {
  readonly name: string;
  readonly stream: WriteStream;
  error?: Error;
}

export class RunReports {
  private readonly sinks: Sink[] = [];
  private readonly html = new CucumberHtmlStream();
  private readonly junit: JUnitXmlPrinter;
  private readonly ndjson: Sink;
  /** cucumber.html's file, which the HTML stream ends when it ends. */
  private readonly htmlSink: Sink;
  /** Messages of the scenarios started and not finished, by test case started id. */
  private readonly held = new Map<string, Envelope[]>();
  private testRunStartedId: string | undefined;
  private runFinished = false;
  private closed = false;

  constructor(files: { readonly messages: string; readonly html: string; readonly junit: string }, suiteName: string) {
    this.ndjson = this.sink(files.messages);
    const html = this.sink(files.html);
    this.htmlSink = html;
    this.html.on('error', (error: Error) => {
      html.error ??= error;
      html.stream.end(); // the pipe ends it only when the HTML stream ends well
    });
    this.html.pipe(html.stream);
    const junit = this.sink(files.junit);
    this.junit = new JUnitXmlPrinter({ suiteName }, (text: string) => junit.stream.write(text));
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
  };

  /**
   * Ends the reports. A run that did not finish (`stopped`: why, e.g. "interrupted by SIGINT")
   * gets a testRunFinished that says so, unsuccessful; the scenarios in hand are left out.
   * Resolves with the problems met writing them, one line each.
   */
  async close(stopped?: string): Promise<string[]> {
    if (this.closed) return [];
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
    for (const s of this.sinks) if (s !== this.htmlSink) s.stream.end();
    await Promise.all(this.sinks.map((s) => finished(s.stream).catch((error: Error) => void (s.error ??= error))));
    return this.sinks.flatMap((s) => (s.error === undefined ? [] : [`could not write ${s.name}: ${s.error.message}`]));
  }

  private write(e: Envelope): void {
    this.ndjson.stream.write(`${JSON.stringify(e)}\n`);
    this.html.write(e);
    this.junit.update(e);
  }

  private sink(file: string): Sink {
    const sink: Sink = { name: path.basename(file), stream: createWriteStream(file) };
    sink.stream.on('error', (error: Error) => (sink.error ??= error));
    this.sinks.push(sink);
    return sink;
  }
}

/**
 * Fitting text of the sequence chart into a width: SVG text does not wrap, so the chart breaks it
 * into lines itself, by an estimate of the monospace font's advance (0.6 em in DejaVu Sans Mono,
 * Liberation Mono and Courier; a little more, to be safe). Pure and deterministic: the same text
 * always gives the same lines, whatever renders the chart.
 */

/** The chart's font size, px. */
export const FONT_PX = 10;

/** Estimated advance of one character of the chart's monospace font, px. */
export const CHAR_PX = 6.2;

/** How many characters fit in `px`, at least one. */
export function charsIn(px: number): number {
  return Math.max(1, Math.floor(px / CHAR_PX));
}

/** Estimated width of a line of text, px. */
export function textPx(text: string): number {
  return text.length * CHAR_PX;
}

/**
 * `text` in lines of at most `maxChars` characters, broken at spaces where it can (a word longer
 * than a line is cut), at most `maxLines` lines: what does not fit ends the last line with '…'.
 */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const width = Math.max(2, maxChars);
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (lines.length === maxLines) {
      const last = lines.pop() ?? '';
      lines.push(`${last.slice(0, width - 1).trimEnd()}…`);
      break;
    }
    if (rest.length <= width) {
      lines.push(rest);
      break;
    }
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return lines.length > 0 ? lines : [''];
}

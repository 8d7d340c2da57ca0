/**
 * Parser for the relay's frames.log in /work/shared/captures: one line per frame,
 *   [   6.260] #   26 bearer B A>B PASS len=70 LINK_PROTOCOL/RESET hsz=40 msz=56 seq=32768 ...
 *   [   7.393] #   31 bearer A A>B DROP(rule-name) len=70 ...
 *   ... TUNNEL_PROTOCOL/FAILOVER ... msgcnt=4 bearer_id(tunnelled link)=0 || INNER: BCAST_PROTOCOL/STATE ...
 * Other lines ("==== ..." and the closing counts) are skipped.
 */

/** The decoded part of a line: "USER/TYPE" and its fields. */
export interface LoggedMsg {
  /** "LINK_PROTOCOL/STATE", "LOW/DIRECT", ... */
  kind: string;
  /** key=value tokens; bare flags (non_seq, bc_ack_invalid, PROBE, keepalive) map to ''. */
  fields: Record<string, string>;
  /** The bare flags, in order. */
  flags: string[];
  /** A "[...]" token (the items list after items=N), without the brackets. */
  list?: string;
  /** Every token after the kind, in order (for order-sensitive comparisons). */
  tokens: string[];
}

export interface FrameLine extends LoggedMsg {
  /** Relay time, seconds since it started. */
  t: number;
  /** Frame number ("#N"). */
  n: number;
  /** Bearer letter, "A" or "B". */
  bearer: string;
  /** "A>B" or "B>A". */
  dir: string;
  fate: 'PASS' | 'DROP';
  /** Rule name for DROP(rule). */
  rule?: string;
  /** The tunnelled message after "|| INNER:". */
  inner?: LoggedMsg;
  raw: string;
}

const LINE = /^\[\s*([\d.]+)\]\s+#\s*(\d+)\s+bearer\s+(\S+)\s+(\S+)\s+(PASS|DROP)(?:\(([^)]*)\))?\s+(.*)$/;

/** Split on spaces, keeping (...), [...] and {...} groups in one token. */
export function tokenize(s: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    if (c === ' ' && depth === 0) {
      if (cur) tokens.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur) tokens.push(cur);
  return tokens;
}

/** Parse "USER/TYPE k=v k=v flag [list] ...". */
export function parseLoggedMsg(text: string): LoggedMsg {
  const [kind = '', ...tokens] = tokenize(text.trim());
  const fields: Record<string, string> = {};
  const flags: string[] = [];
  let list: string | undefined;
  for (const tok of tokens) {
    if (tok.startsWith('[') && tok.endsWith(']')) {
      list = tok.slice(1, -1);
      continue;
    }
    const eq = tok.lastIndexOf('=');
    if (eq > 0) fields[tok.slice(0, eq)] = tok.slice(eq + 1);
    else {
      flags.push(tok);
      fields[tok] = '';
    }
  }
  return { kind, fields, flags, list, tokens };
}

/** Parse one frame line; undefined for any other line. */
export function parseFrameLine(line: string): FrameLine | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [, t, n, bearer, dir, fate, rule, rest] = m;
  const sep = rest.indexOf(' || INNER:');
  const outerText = sep >= 0 ? rest.slice(0, sep) : rest;
  const innerText = sep >= 0 ? rest.slice(sep + ' || INNER:'.length) : undefined;
  // The first token is len=N, then the kind.
  const lenMatch = /^len=(\d+)\s+(.*)$/.exec(outerText);
  const outer = parseLoggedMsg(lenMatch ? lenMatch[2] : outerText);
  if (lenMatch) outer.fields.len = lenMatch[1];
  return {
    ...outer,
    t: Number(t),
    n: Number(n),
    bearer,
    dir,
    fate: fate as 'PASS' | 'DROP',
    rule,
    inner: innerText === undefined ? undefined : parseLoggedMsg(innerText),
    raw: line,
  };
}

/** All frame lines of a frames.log, in file order. */
export function parseFramesLog(text: string): FrameLine[] {
  const out: FrameLine[] = [];
  for (const line of text.split('\n')) {
    const f = parseFrameLine(line);
    if (f) out.push(f);
  }
  return out;
}

/** Items of a list like "{0,16781314,16781314} {1000,0,9} ... {1067,6700,6709}"; '...' marks an elision. */
export function parseItemList(list: string): Array<[number, number, number] | '...'> {
  return tokenize(list).map((tok) => {
    if (tok === '...') return '...';
    const p = /^\{(\d+),(\d+),(\d+)\}$/.exec(tok);
    if (!p) throw new Error(`frames.log: bad item "${tok}"`);
    return [Number(p[1]), Number(p[2]), Number(p[3])];
  });
}

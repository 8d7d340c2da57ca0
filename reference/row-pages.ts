/**
 * Rows of numbers, `width` to a row, in a typed array that grows a page at a time. A column that
 * doubles as it fills holds up to half its length unused, and copies all it holds at each doubling:
 * at the end of the 1,024-node scale row every name table and event log had 16,384 rows for 11,023
 * used, a third of 900 MB. Here the first page doubles up to PAGE_ROWS rows (most tables are small
 * and stay in it); after that a full page is added, and nothing is copied again. At most one page
 * is unused.
 */

/** Rows a full page holds: 2^PAGE_SHIFT. */
const PAGE_SHIFT = 10;
const PAGE_ROWS = 1 << PAGE_SHIFT;
const IN_PAGE = PAGE_ROWS - 1;
/** Rows of a first page. */
const FIRST_ROWS = 8;

type Column = Uint8Array | Uint32Array | Float64Array;

export class RowPages<A extends Column> {
  private readonly pages: A[];
  /** Rows there is room for. */
  private room: number;

  /**
   * @param width numbers in a row
   * @param make an array of n numbers, all 0
   */
  constructor(
    private readonly width: number,
    private readonly make: (n: number) => A,
  ) {
    this.pages = [make(FIRST_ROWS * width)];
    this.room = FIRST_ROWS;
  }

  /**
   * The page row `r` is in (r below a length made room for), its numbers from `at(r)` on. A
   * caller that writes, or reads in a hot path, does so at its own line, where V8 sees one kind of
   * array; get() is shared by every kind of page, and slower there (the name table's lookups were).
   */
  page(r: number): A {
    return this.pages[r >>> PAGE_SHIFT] as A;
  }

  /** Where row `r`'s numbers start in its page. */
  at(r: number): number {
    return (r & IN_PAGE) * this.width;
  }

  /** Number `f` of row `r` (r below a length made room for, f below the width). */
  get(r: number, f: number): number {
    return this.page(r)[this.at(r) + f] as number;
  }

  /** Room for rows 0 to r: the first page doubled, or pages added. */
  reserve(r: number): void {
    while (r >= this.room) {
      if (this.room < PAGE_ROWS) {
        const wider = this.make(this.room * 2 * this.width);
        wider.set(this.pages[0] as A);
        this.pages[0] = wider;
        this.room *= 2;
      } else {
        this.pages.push(this.make(PAGE_ROWS * this.width));
        this.room += PAGE_ROWS;
      }
    }
  }
}

// Which rows of a long table to put in the DOM: those on screen plus a margin. Pure arithmetic
// over the row height and where the viewport is; the hook in use-row-window.ts feeds it from
// the page's scroll position. Rows share one height; one row may be followed by a detail row of
// its own height (the expanded connection).

export interface RowWindowInput {
  /** Rows in the table. */
  readonly count: number;
  /** Height of one row, px; 0 when not known yet (then every row is rendered). */
  readonly rowHeight: number;
  /** Top of the viewport relative to the top of the first row, px (negative: above it). */
  readonly viewTop: number;
  /** Height of the viewport, px. */
  readonly viewHeight: number;
  /** Rows kept beyond each edge of the viewport, so keyboard focus and fast scrolls find them. */
  readonly overscan: number;
  /** A detail row below row `index`, `height` px tall. */
  readonly detail?: { readonly index: number; readonly height: number } | null;
}

/** Rows [start, end) to render, and the space the rows left out take above and below. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  /** px above the first rendered row. */
  readonly before: number;
  /** px below the last rendered row. */
  readonly after: number;
}

/** The row at `y` px from the top of the first row (clamped to the table). */
function rowAt(y: number, input: RowWindowInput): number {
  const { rowHeight: h, detail, count } = input;
  const detailTop = detail ? (detail.index + 1) * h : Infinity;
  const inRows =
    detail && y >= detailTop
      ? // Inside the detail row counts as its own row; below it rows sit `height` lower.
        y < detailTop + detail.height
        ? detail.index
        : Math.floor((y - detail.height) / h)
      : Math.floor(y / h);
  return Math.min(count - 1, Math.max(0, inRows));
}

/** Top of row `i`, px from the top of the first row. */
function rowTop(i: number, input: RowWindowInput): number {
  const { rowHeight: h, detail } = input;
  return i * h + (detail && i > detail.index ? detail.height : 0);
}

/** The rows to render for a viewport (every row while the row height is unknown). */
export function rowWindow(input: RowWindowInput): RowWindow {
  const { count, rowHeight, viewTop, viewHeight, overscan } = input;
  if (count === 0) return { start: 0, end: 0, before: 0, after: 0 };
  if (!(rowHeight > 0)) return { start: 0, end: count, before: 0, after: 0 };
  const total = rowTop(count, input);
  const viewBottom = viewTop + viewHeight;
  if (viewBottom <= 0 || viewTop >= total) {
    // Off screen: keep the rows nearest the viewport, so scrolling back finds them at once.
    const start = viewBottom <= 0 ? 0 : Math.max(0, count - overscan);
    const end = viewBottom <= 0 ? Math.min(count, overscan) : count;
    return { start, end, before: rowTop(start, input), after: total - rowTop(end, input) };
  }
  const start = Math.max(0, rowAt(viewTop, input) - overscan);
  const end = Math.min(count, rowAt(viewBottom, input) + 1 + overscan);
  return { start, end, before: rowTop(start, input), after: total - rowTop(end, input) };
}

/** Whether two windows render the same rows with the same spacing. */
export function sameWindow(a: RowWindow, b: RowWindow): boolean {
  return a.start === b.start && a.end === b.end && a.before === b.before && a.after === b.after;
}

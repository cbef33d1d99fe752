/** Places panels left to right on Grafana's 24-column grid, wrapping to a new line when full. */
import type { GridPos } from './model.js';

export const GRID_WIDTH = 24;

export class GridLayout {
  private x = 0;
  private y = 0;
  private lineHeight = 0;

  /** The position of the next panel of size `w` x `h`. */
  place(w: number, h: number): GridPos {
    if (this.x + w > GRID_WIDTH) this.newLine();
    const pos = { h, w, x: this.x, y: this.y };
    this.x += w;
    this.lineHeight = Math.max(this.lineHeight, h);
    return pos;
  }

  /** A full-width row header on a line of its own. */
  row(): GridPos {
    this.newLine();
    const pos = { h: 1, w: GRID_WIDTH, x: 0, y: this.y };
    this.y += 1;
    return pos;
  }

  private newLine(): void {
    this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}

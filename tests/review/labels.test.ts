import { describe, expect, it } from "vitest";
import { shiftProgress } from "@/lib/review/labels";

const start = { total: 10, responded: 3, worksHere: 2, left: 1, unknown: 0 };

describe("shiftProgress", () => {
  it("counts a first answer", () => {
    expect(shiftProgress(start, null, "unknown")).toEqual({
      ...start,
      responded: 4,
      unknown: 1,
    });
  });

  it("moves a changed answer between counts without changing how many responded", () => {
    expect(shiftProgress(start, "works_here", "left")).toEqual({
      ...start,
      worksHere: 1,
      left: 2,
    });
  });

  it("changes nothing when the answer is the same", () => {
    expect(shiftProgress(start, "left", "left")).toEqual(start);
  });
});

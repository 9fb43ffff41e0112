import { describe, expect, it } from "vitest";
import {
  daysUntilDeadline,
  deadlineFromDate,
  formatDeadline,
  isIsoDate,
  isPastDeadline,
} from "@/lib/deadline";

describe("deadlineFromDate", () => {
  it("ends a winter day at 23:59:59 GMT", () => {
    expect(deadlineFromDate("2027-01-15").toISOString()).toBe("2027-01-15T23:59:59.000Z");
  });

  it("ends a summer day at 23:59:59 BST, an hour before UTC midnight", () => {
    expect(deadlineFromDate("2027-07-15").toISOString()).toBe("2027-07-15T22:59:59.000Z");
  });

  it("handles the days the clocks change", () => {
    expect(deadlineFromDate("2027-03-28").toISOString()).toBe("2027-03-28T22:59:59.000Z");
    expect(deadlineFromDate("2027-10-31").toISOString()).toBe("2027-10-31T23:59:59.000Z");
  });

  it("refuses what is not a real date", () => {
    expect(() => deadlineFromDate("2027-02-30")).toThrow(RangeError);
    expect(isIsoDate("2027-13-01")).toBe(false);
    expect(isIsoDate("2027-12-01")).toBe(true);
  });
});

describe("deadline display and comparison", () => {
  it("shows London time whatever the process zone", () => {
    expect(process.env.TZ).toBe("America/New_York");
    expect(formatDeadline(deadlineFromDate("2027-07-15"))).toBe(
      "23:59 on Thursday 15 July 2027 (UK time)",
    );
  });

  it("is past only after the last second of the day", () => {
    const deadline = deadlineFromDate("2027-01-15");
    expect(isPastDeadline(deadline, new Date("2027-01-15T23:59:59.000Z"))).toBe(false);
    expect(isPastDeadline(deadline, new Date("2027-01-16T00:00:00.000Z"))).toBe(true);
  });

  it("counts days in London, where BST's early morning is still the next day", () => {
    const lateUtc = new Date("2027-07-14T23:30:00Z"); // 00:30 on the 15th in London
    expect(daysUntilDeadline("2027-07-15", lateUtc)).toBe(0);
    expect(daysUntilDeadline("2027-07-22", lateUtc)).toBe(7);
  });
});

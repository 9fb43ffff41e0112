import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  dailyTotals,
  ResponseMix,
  ResponsesOverTime,
} from "@/app/admin/campaigns/[id]/charts";
import type { CampaignTotals } from "@/lib/campaigns/queries";

const attr = (html: string, tag: string, name: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, "g"))].map(
    (m) => m[1],
  );

/** Body rows of the chart's table, as text cells. */
const tableRows = (html: string) =>
  [...html.slice(html.indexOf("<tbody>")).matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]),
  );

describe("responses over time", () => {
  const render = (todayDate: string) =>
    renderToStaticMarkup(
      createElement(ResponsesOverTime, {
        days: [
          { day: "2026-12-02", responses: 2 },
          { day: "2026-12-04", responses: 3 },
        ],
        openedDate: "2026-12-01",
        deadlineDate: "2026-12-10",
        todayDate,
        users: 10,
      }),
    );

  it("has one point per day from opening to today, quiet days included, and the deadline marked", () => {
    const html = render("2026-12-05");

    expect(attr(html, "circle", "data-day")).toEqual([
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
    ]);
    expect(tableRows(html)).toEqual([
      ["2026-12-01", "0", "0"],
      ["2026-12-02", "2", "2"],
      ["2026-12-03", "0", "2"],
      ["2026-12-04", "3", "5"],
      ["2026-12-05", "0", "5"],
    ]);
    // The line goes through every point; a quiet day keeps it level.
    const line = attr(html, "polyline", "points")[0].split(" ");
    expect(line).toHaveLength(5);
    expect(line[1].split(",")[1]).toBe(line[2].split(",")[1]);
    // The deadline: a marked line at the right-hand end, and its label.
    const deadline = /<line data-mark="deadline" x1="([\d.]+)"/.exec(html);
    expect(Number(deadline?.[1])).toBe(640 - 16);
    expect(html).toMatch(/>Deadline<\/text>/);
    expect(html).toContain("5 of 10 users answered; deadline 2026-12-10.");
  });

  it("stops at the deadline once it has passed", () => {
    const html = render("2026-12-20");
    const days = attr(html, "circle", "data-day");
    expect(days).toHaveLength(10);
    expect(days.at(-1)).toBe("2026-12-10");
  });

  it("fills the gaps between days", () => {
    expect(
      dailyTotals([{ day: "2026-12-03", responses: 4 }], "2026-12-01", "2026-12-03"),
    ).toEqual([
      { day: "2026-12-01", responses: 0, total: 0 },
      { day: "2026-12-02", responses: 0, total: 0 },
      { day: "2026-12-03", responses: 4, total: 4 },
    ]);
  });
});

describe("response mix", () => {
  it("draws each response's share as a part of one bar, with the numbers beside it", () => {
    const totals = {
      users: 10,
      responded: 6,
      worksHere: 3,
      left: 2,
      unknown: 1,
    } as CampaignTotals;

    const html = renderToStaticMarkup(createElement(ResponseMix, { totals }));

    expect(attr(html, "rect", "width").map(Number)).toEqual([192, 128, 64, 256]);
    expect(attr(html, "rect", "x").map(Number)).toEqual([0, 192, 320, 384]);
    expect(attr(html, "rect", "fill")).toEqual([
      "#007f3b",
      "#b91c1c",
      "#ffb81c",
      "#cbd5e1",
    ]);
    expect(html).toContain(
      '<title id="mix-title">Works here: 3, Left: 2, Don&#x27;t know: 1, No answer yet: 4</title>',
    );
    const legend = [...html.matchAll(/<li[^>]*>.*?<\/span>(.*?)<\/li>/g)].map((m) =>
      m[1].replace(/<!-- -->/g, ""),
    );
    expect(legend).toEqual([
      "Works here: 3 (30%)",
      "Left: 2 (20%)",
      "Don&#x27;t know: 1 (10%)",
      "No answer yet: 4 (40%)",
    ]);
  });
});

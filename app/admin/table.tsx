/** Table look shared by every admin page. */
export const CELL = "border-b border-slate-200 px-2 py-2 align-top";
export const HEAD = "border-b-2 border-slate-400 px-2 py-2 text-left font-semibold";

/** A table's header row: one column heading per title ("" for an actions column). */
export function TableHead({ titles }: { titles: readonly string[] }) {
  return (
    <thead>
      <tr>
        {titles.map((title) => (
          <th key={title} scope="col" className={HEAD}>
            {title}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A captioned, horizontally scrollable table (keyboard-focusable region), from plain rows of cells. */
import type { ComponentChildren } from 'preact';

export interface DataTableProps {
  id: string;
  caption: string;
  headers: readonly string[];
  rows: readonly { key: string; cells: readonly ComponentChildren[] }[];
  empty: string;
}

export function DataTable({ id, caption, headers, rows, empty }: DataTableProps) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div class="usa-table-container--scrollable" tabindex={0} aria-labelledby={`${id}-caption`}>
      <table class="usa-table usa-table--striped usa-table--compact" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <th scope="row" key={index}>
                    {cell}
                  </th>
                ) : (
                  <td key={index}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

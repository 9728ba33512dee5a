// A list as a table. Each cell carries its column's header in data-label, which narrow
// screens show beside the value once they hide the header row (styles.css).
import type { HTMLAttributes, Key, ReactNode } from 'react';

export interface Column<Row> {
  /** The header, and the data-label of each of its cells. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** For a column of buttons, whose header speaks only to screen readers and whose cells go unlabelled. */
  headerHidden?: boolean;
  className?: string;
}

/** What a row carries besides its cells: state for the styles (aria-selected), hooks for tests (data-*). */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [name: `data-${string}`]: string | undefined };

interface DataTableProps<Row> {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  rowAttributes?: (row: Row) => RowAttributes;
  /** Classes besides "table". */
  className?: string;
  testId?: string;
}

export function DataTable<Row>({ caption, columns, rows, rowKey, rowAttributes, className, testId }: DataTableProps<Row>) {
  return (
    <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col">
              {column.headerHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowAttributes?.(row)}>
            {columns.map((column) => (
              <td key={column.header} data-label={column.headerHidden ? undefined : column.header} className={column.className}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

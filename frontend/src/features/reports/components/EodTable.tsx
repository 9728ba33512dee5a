import type { EodColumn, EodRow } from '../eod';

interface EodTableProps {
  caption: string;
  first: string;
  columns: EodColumn[];
  rows: EodRow[];
  testId: string;
}

export function EodTable({ caption, first, columns, rows, testId }: EodTableProps) {
  return (
    <table className="table eod-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {columns.map((column) => (
            <th key={column.key} scope="col" className="table__number">
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.total ? 'table__total' : undefined} data-row={row.key}>
            <th scope="row" data-label={first}>
              {row.label}
            </th>
            {columns.map((column) => (
              <td key={column.key} data-label={column.label} data-column={column.key} className="table__number">
                {row.figures[column.key].toLocaleString()}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
